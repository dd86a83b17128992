import { it } from 'vitest';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../../src-main/engine/compile';
import { runContinuation } from '../../../../src-main/engine/continuation/run';
import { traceCycles } from '../../../../src-main/engine/cycles/trace-cycles';
it('ik', () => {
  const model = compileModel(getTemplate('ik_nodim')!);
  const branch = runContinuation(model, {
    model: 'ik_nodim',
    params: {},
    initial: {},
    inputs: { I_ext: 0.15 },
    param: 'g',
    bounds: [0, 3],
    settings: { ...DEFAULT_CONTINUATION },
  }).branch!;
  const hb = branch.special.find((s) => s.label === 'HB1')!;
  console.log(hb.p, hb.omega, hb.x);
  for (const ntst of [Number(process.env.NTST ?? 50)]) {
    const t0 = performance.now();
    const r = traceCycles(model, { param: 'g', values: { I_ext: 0.15 }, start: { x: hb.x, p: hb.p, omega: hb.omega! }, bounds: [0, 3], ntst });
    console.log(ntst, performance.now() - t0, r.status, r.message, r.points.length, r.iterations);
    for (const s of r.special) console.log(s.kind, s.point.p, s.point.period, s.point.min[0], s.point.max[0], s.converged);
    let worst = 0;
    for (const p of r.points) worst = Math.max(worst, p.trivialError);
    console.log('worst trivial', worst);
    for (const p of r.points.filter((_, i) => i % 3 === 0))
      console.log(
        p.p.toFixed(8),
        p.period.toFixed(6),
        p.min[0].toFixed(6),
        p.max[0].toFixed(6),
        p.stable,
        p.trivialError.toExponential(2),
        JSON.stringify(p.multipliers.map((m) => [m[0].toPrecision(4), m[1].toPrecision(3)])),
      );
  }
});
