/**
 * Model compilation and evaluation figures for `npm run bench` (also runnable alone:
 * `npx tsx --tsconfig tsconfig.node.json scripts/bench-model.ts`): the time compileModel takes per
 * model (medians after a warm-up; the first compile in the process separately), the time of the
 * jet's first use, and nanoseconds per call of rhs and jacobian, for the generated code (definitions
 * computed once as locals) against code generated from the equations with the definitions
 * substituted (how it was generated before), timed alternately in the same process. Nothing asserts.
 */
import { pathToFileURL } from 'node:url';
import { buildModel } from '@shared/models/build';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { compileBuilt, compileModel } from '../src-main/engine/compile';
import type { Vec } from '../src-main/engine/compiled-model';
import { CHAINED } from '../test/main/engine/model/chained-model';

const REPS = Number(process.env.BENCH_REPS ?? 7);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

type Fn = (y: Vec, p: Vec, out: Vec) => void;

/** ns per call of f over `calls` calls, y moved slightly each call (so the JIT cannot fold the calls away). */
function timeCalls(f: Fn, y: Vec, p: Vec, out: Vec, calls: number): number {
  const t0 = performance.now();
  for (let c = 0; c < calls; c++) {
    y[0] += 1e-12;
    f(y, p, out);
  }
  return ((performance.now() - t0) * 1e6) / calls;
}

/**
 * ns per call of `a` and `b`: the fastest of many short batches, timed alternately (on a busy
 * machine the fastest batch is the one least disturbed by other processes).
 */
function abTimes(a: Fn, b: Fn, y: Vec, p: Vec, size: number, calls: number): [number, number] {
  const out = new Float64Array(size);
  let ta = Infinity;
  let tb = Infinity;
  for (let r = 0; r < 10 * REPS; r++) {
    const x = timeCalls(a, y.slice(), p, out, calls);
    const z = timeCalls(b, y.slice(), p, out, calls);
    if (r > 0) {
      ta = Math.min(ta, x);
      tb = Math.min(tb, z);
    }
  }
  return [ta, tb];
}

export function modelBench(): void {
  const models: ModelDef[] = [getTemplate('ik_nodim')!, getTemplate('ik_eta')!, getTemplate('ik_theta')!, CHAINED];
  console.log('\nmodel compilation (generate source from the AST, build the functions) and evaluation:');
  const t0 = performance.now();
  compileModel(models[0]);
  console.log(`  first compileModel in this process (ik_nodim): ${(performance.now() - t0).toFixed(2)} ms`);
  for (const def of models) {
    const times: number[] = [];
    for (let r = 0; r < REPS * 3; r++) {
      const t1 = performance.now();
      compileModel(structuredClone(def));
      times.push(performance.now() - t1);
    }
    const model = compileModel(structuredClone(def));
    // First use of the multilinear forms: symbolic derivatives, code generation, compilation.
    const t2 = performance.now();
    const jet = model.jet!();
    void jet.bilinear;
    void jet.jacobianAlong;
    const t3 = performance.now();
    void jet.trilinear;
    const t4 = performance.now();
    console.log(
      `  ${def.name.padEnd(12)} compileModel median ${median(times).toFixed(2)} ms; jet on first use: B and A_y[v] ${(t3 - t2).toFixed(2)} ms, C ${(t4 - t3).toFixed(2)} ms`,
    );
    const built = buildModel(def);
    const inlined = compileBuilt({ ...built, definitions: [], equations: built.rhs });
    const n = model.stateNames.length;
    const y = Float64Array.from(def.states, (s) => s.initial + 0.1);
    const p = Float64Array.from([...def.params, ...def.inputs], (q) => (q.default === 0 ? 0.1 : q.default));
    const [rs, ri] = abTimes(model.rhs, inlined.rhs, y, p, n, 20_000);
    const [js, ji] = abTimes(model.jacobian, inlined.jacobian, y, p, n * n, 20_000);
    console.log(
      `  ${''.padEnd(12)} ns/call (fastest batch), definitions as locals vs substituted: rhs ${rs.toFixed(1)} vs ${ri.toFixed(1)} (ratio ${(rs / ri).toFixed(2)}), jacobian ${js.toFixed(1)} vs ${ji.toFixed(1)} (ratio ${(js / ji).toFixed(2)})`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) modelBench();
