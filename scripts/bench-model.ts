/**
 * Model compilation and evaluation figures for `npm run bench` (also runnable alone:
 * `npx tsx --tsconfig tsconfig.node.json scripts/bench-model.ts`): the time compileModel takes per
 * model (medians after a warm-up; the first compile in the process separately), the time of the
 * jet's first use, and nanoseconds per call of rhs and jacobian. Nothing asserts.
 */
import { pathToFileURL } from 'node:url';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { compileModel } from '../src-main/engine/compile';
import { CHAINED } from '../test/main/engine/model/chained-model';

const REPS = Number(process.env.BENCH_REPS ?? 7);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median ns per call of `f(y, p, out)` over `calls` calls, y moved slightly each call (no constant folding by the JIT). */
function nsPerCall(
  f: (y: Float64Array, p: Float64Array, out: Float64Array) => void,
  y: Float64Array,
  p: Float64Array,
  out: Float64Array,
  calls: number,
): number {
  const times: number[] = [];
  for (let r = 0; r < REPS + 1; r++) {
    const t0 = performance.now();
    for (let c = 0; c < calls; c++) {
      y[0] += 1e-12;
      f(y, p, out);
    }
    if (r > 0) times.push(((performance.now() - t0) * 1e6) / calls);
  }
  return median(times);
}

export function modelBench(): void {
  const models: ModelDef[] = [getTemplate('ik_nodim')!, getTemplate('ik_eta')!, getTemplate('ik_theta')!, CHAINED];
  console.log('\nmodel compilation (generate source from the AST, build the functions):');
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
    let line = `  ${def.name.padEnd(12)} compileModel median ${median(times).toFixed(2)} ms`;
    const model = compileModel(structuredClone(def));
    if (model.jet !== undefined) {
      // First use of each multilinear form: symbolic derivatives, code generation, compilation.
      const t2 = performance.now();
      const jet = model.jet();
      void jet.bilinear;
      void jet.jacobianAlong;
      const t3 = performance.now();
      void jet.trilinear;
      line += `; jet first use: B and A_y[v] ${(t3 - t2).toFixed(2)} ms, C ${(performance.now() - t3).toFixed(2)} ms`;
    }
    const n = model.stateNames.length;
    const y = Float64Array.from(def.states, (s) => s.initial + 0.1);
    const p = Float64Array.from([...def.params, ...def.inputs], (q) => (q.default === 0 ? 0.1 : q.default));
    const rhs = nsPerCall(model.rhs, y, p, new Float64Array(n), 2_000_000);
    const jac = nsPerCall(model.jacobian, y, p, new Float64Array(n * n), 1_000_000);
    console.log(`${line}; rhs ${rhs.toFixed(1)} ns/call, jacobian ${jac.toFixed(1)} ns/call`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) modelBench();
