/**
 * The neuron loop as a function generated for one run, with the run's constants (k, v_r, b, d, the
 * peak, the reset, dt/C, dt a) written in as number literals, so that V8 folds them into the loop
 * as a C compiler folds constants: a loop of a dozen values passed as arguments runs about twice as
 * slow in V8 (they do not all fit in registers). The source is made from numbers only (finite
 * doubles printed exactly by numberLiteral) and fixed text, and goes through the same safe builder
 * as the model code (../codegen.ts): no model or user text ever reaches it.
 *
 * The generated loop (see `neuronLoop`) holds y = [v_0, u_0, v_1, u_1, ...], p = [B_0, H_0, ...],
 * out = the block sums, w = the local indices (times 2) of the neurons that spiked in the last
 * call (kept only when the shard records spikes, see LoopShape); its arguments: t0..t1 the neurons (local), t2 = G s, t3 = I + G s E_r (- u with shared recovery), t4 = where
 * the SUMS sums go in out. One step of each neuron, as described in ./kernel.ts. After a reset
 * every v is below the peak (vReset < vPeak; a reflected -v <= -vPeak), so the neurons left out of
 * <v> are those below vLow: the loop sums all v and, in a rarely taken branch, the left-out ones.
 */
import { buildFunction, numberLiteral as n, STRICT } from '../codegen';
import type { NetworkSetup } from './population';

/**
 * Loops made in this thread so far. V8 caches compiled code by source text: two loops of the same
 * text (the two exchange buffers of a thread, a second run in a process) would share one compiled
 * function and, having two closures, lose the specialisation to their captured arrays that makes
 * the loop fast (measured: 1.8 ns per neuron-step for the first run in a process, 3.4 ns for later
 * ones). A serial number in each loop's source keeps every loop's code its own.
 */
let loopSerial = 0;

export type NeuronLoop = (t0: number, t1: number, t2: number, t3: number, t4: number) => void;

/** What the shard's data allow the loop to leave out (the results stay the same bits). */
export interface LoopShape {
  /** B_j when it is the same for every neuron of the shard (no heterogeneity in it): a literal then, not a load per neuron. */
  uniformB: number | null;
  /** Whether the shard holds recorded neurons: only then does the loop list the neurons that spiked in `w`. */
  record: boolean;
}

/**
 * The loop for `setup` (individual or shared recovery, as the setup says) over the arrays of one
 * shard, which the loop holds (V8 compiles a loop over captured arrays markedly tighter than one
 * over arrays passed in each call).
 */
export function neuronLoop(setup: NetworkSetup, y: Float64Array, p: Float64Array, out: Float64Array, w: Int32Array, shape: LoopShape): NeuronLoop {
  const { k, vr, b, d, vPeak, vLow, resetA, resetB, shared } = setup;
  const dtC = setup.dt / setup.C;
  const dtA = setup.dt * setup.a;
  const reset = resetA === 0 ? n(resetB) : `${n(resetA)} * t12 + ${n(resetB)}`;
  const lines = [
    STRICT,
    'return (t0, t1, t2, t3, t4) => {',
    // A number of its own makes each loop's source unique, see loopSerial.
    `const t14 = ${n(++loopSerial)};`,
    'let t5 = 0, t6 = 0, t7 = 0, t8 = 0, t9 = 0;',
    'const t10 = 2 * t1;',
    // B_j + G s, the same for every neuron when B_j is (the same operands, so the same bits).
    shape.uniformB === null ? '' : `const t15 = ${n(shape.uniformB)} + t2;`,
    'for (let t11 = 2 * t0; t11 < t10; t11 += 2) {',
    '  let t12 = y[t11];',
    shared ? '' : '  let t13 = y[t11 + 1];',
    `  if (t12 >= ${n(vPeak)}) {`,
    `    t12 = ${reset};`,
    shared ? '' : `    t13 += ${n(d)};`,
    shape.record ? '    w[t5] = t11;' : '',
    '    t5 += 1;',
    '  }',
    `  if (t12 < ${n(vLow)}) {`,
    '    t6 += t12;',
    '    t7 += 1;',
    '  }',
    '  t9 += t12;',
  ];
  const bg = shape.uniformB === null ? '(p[t11] + t2)' : 't15';
  if (shared) {
    lines.push(`  y[t11] = t12 + ${n(dtC)} * (${n(k)} * t12 * t12 - ${bg} * t12 + p[t11 + 1] + t3);`);
  } else {
    lines.push(
      '  t8 += t13;',
      `  y[t11] = t12 + ${n(dtC)} * (${n(k)} * t12 * t12 - ${bg} * t12 + p[t11 + 1] + t3 - t13);`,
      `  y[t11 + 1] = t13 + ${n(dtA)} * (${n(b)} * (t12 - ${n(vr)}) - t13);`,
    );
  }
  lines.push('}', 'out[t4] = t5;', 'out[t4 + 1] = t9 - t6;', 'out[t4 + 2] = t1 - t0 - t7;', 'out[t4 + 3] = t8;', 'out[t4 + 4] = t9;', '};');
  const make = buildFunction<(y: Float64Array, p: Float64Array, out: Float64Array, w: Int32Array) => NeuronLoop>(
    ['y', 'p', 'out', 'w'],
    lines.filter((l) => l !== '').join('\n'),
  );
  return make(y, p, out, w);
}
