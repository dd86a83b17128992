/**
 * The Hopf curve of ik_nodim in (g, eta) at I_ext = 0.15 through HB1 of the one-parameter branch
 * in g, against AUTO-07p (test/fixtures/reference/ik_nodim_hopf_curve_g_eta_Iext0.15.json; AUTO's
 * own accuracy is about 1e-7). Each reference point is compared with our curve located exactly at
 * its g (the curve's eta there) or, where the curve turns in g (near g = 0.670), at its eta (the
 * curve's g there), whichever matches; the state is compared too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceCurve } from '../../../../src-main/engine/curves/trace';
import { ikNodimHb1 } from '../fixtures/ik-nodim-hb1';

const ref = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/reference/ik_nodim_hopf_curve_g_eta_Iext0.15.json'), 'utf8')) as {
  branch_forward: { columns: string[]; data: number[][] };
  branch_backward: { columns: string[]; data: number[][] };
};
const rows = [...ref.branch_forward.data, ...ref.branch_backward.data];

describe('ik_nodim Hopf curve in (g, eta) at I_ext = 0.15', () => {
  const { model, hb } = ikNodimHb1();
  const curve = traceCurve(model, {
    kind: 'hopf',
    params: ['g', 'eta'],
    values: { I_ext: 0.15 },
    start: { x: hb.x, p: [hb.p, 0], omega: hb.omega },
    bounds: { g: [0, 5.1], eta: [-1, 1] },
    at: { g: rows.map((r) => r[0]), eta: rows.map((r) => r[1]) },
  });

  it('matches every AUTO-07p point to 1e-6 relative (eta, and the state)', () => {
    expect(curve.status).toBe('ok');
    expect(rows.length).toBeGreaterThan(1000);
    let worstParam = 0;
    let worstState = 0;
    for (const row of rows) {
      const [g, eta] = row;
      const byG = curve.located.filter((pt) => pt.params[0] === g);
      const byEta = curve.located.filter((pt) => pt.params[1] === eta);
      let best = Infinity;
      let state: number[] = [];
      for (const pt of byG) {
        const e = Math.abs(pt.params[1] - eta) / Math.max(Math.abs(eta), 1e-2);
        if (e < best) [best, state] = [e, pt.state];
      }
      for (const pt of byEta) {
        const e = Math.abs(pt.params[0] - g) / g;
        if (e < best) [best, state] = [e, pt.state];
      }
      expect(best, `reference point g = ${g}, eta = ${eta}`).toBeLessThan(1e-6);
      worstParam = Math.max(worstParam, best);
      for (let i = 0; i < 4; i++) worstState = Math.max(worstState, Math.abs(state[i] - row[2 + i]) / Math.abs(row[2 + i]));
    }
    expect(worstParam).toBeLessThan(1e-6);
    expect(worstState).toBeLessThan(1e-6);
  });

  it('starts exactly at HB1 with its frequency and keeps kappa = omega^2 > 0 (no Bogdanov–Takens point in this range)', () => {
    const start = curve.points[curve.startIndex];
    expect(start.params[0]).toBeCloseTo(hb.p, 10);
    expect(start.params[1]).toBe(0);
    expect(start.omega).toBeCloseTo(hb.omega as number, 10);
    for (const pt of curve.points) expect(pt.kappa).toBeGreaterThan(0);
    expect(curve.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
  });
});
