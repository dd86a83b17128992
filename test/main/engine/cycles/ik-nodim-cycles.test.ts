/**
 * The cycles of ik_nodim born at its first Hopf point (I_ext = 0.15), continued in g, against
 * AUTO-07p (test/fixtures/reference/ik_nodim_cycles_g_Iext0.15.json: NTST = 200, NCOL = 4; NTST
 * = 400 moves its fold of cycles by 1.5e-10 relative). The family is located at every reference g
 * (user points); its fold (LPC), periods, r_min / r_max (AUTO's are read off its mesh values only,
 * so ours, from the polynomial, may be larger by up to about 1e-3 relative) and stability are
 * compared. Checked also against itself at twice the mesh intervals, and against a long
 * simulation of the stable cycle at g = 1.5.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NTST, traceCycles, type CycleRequest } from '../../../../src-main/engine/cycles/trace-cycles';
import { simulate } from '../../../../src-main/engine/simulate';
import { ikNodimHb1 } from '../fixtures/ik-nodim-hb1';

const ref = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/reference/ik_nodim_cycles_g_Iext0.15.json'), 'utf8')) as {
  branch: { columns: string[]; data: (number | boolean)[][] };
  special_points: { type: string; params: { g: number }; period: number }[];
};
const rows = ref.branch.data.map(([g, period, , , , , rMin, rMax, stable]) => ({
  g: g as number,
  period: period as number,
  rMin: rMin as number,
  rMax: rMax as number,
  stable: stable as boolean,
}));
const LPC_G = ref.special_points[0].params.g;
const HB2_G = 1.9887447914;

describe('ik_nodim cycles in g at I_ext = 0.15, against AUTO-07p', () => {
  const { model, hb } = ikNodimHb1();
  // Rows strictly inside the family (the first is the Hopf point itself, the last lies within AUTO's step of HB2).
  const inner = rows.slice(1, -1);
  const req: CycleRequest = {
    param: 'g',
    values: { I_ext: 0.15 },
    start: { x: hb.x, p: hb.p, omega: hb.omega! },
    bounds: [0, 3],
    at: [...new Set(inner.map((r) => r.g))],
  };
  const res = traceCycles(model, req);
  const uz = res.special.filter((s) => s.kind === 'UZ');

  it('folds at one LPC at AUTO-07p g to 1e-8, and ends back at the second Hopf point', () => {
    expect(res.status).toBe('ok');
    const lpc = res.special.filter((s) => s.kind === 'LPC');
    expect(lpc.length).toBe(1);
    expect(lpc[0].converged).toBe(true);
    expect(Math.abs(lpc[0].point.p - LPC_G)).toBeLessThan(1e-8);
    expect(res.special.filter((s) => s.kind !== 'UZ' && s.kind !== 'LPC')).toEqual([]);
    expect(res.end.reason).toBe('hopf');
    expect(Math.abs(res.end.p! - HB2_G)).toBeLessThan(1e-5);
    // Stable from HB1 up to the fold, unstable after it.
    const k = lpc[0].index;
    expect(res.points.slice(1, k + 1).every((p) => p.stable)).toBe(true);
    expect(res.points.slice(k + 2).every((p) => !p.stable)).toBe(true);
  });

  it('matches the period, r_min, r_max and stability at every AUTO-07p point', () => {
    let worstPeriod = 0;
    let compared = 0;
    for (const row of inner) {
      // Within 1e-6 of the fold in g the period is ill-conditioned in g (dT/dg is infinite there), and
      // a point within 1e-9 of the fold may lie beyond our fold.
      if (Math.abs(row.g - LPC_G) < 1e-6) continue;
      const here = uz.filter((s) => s.converged && Math.abs(s.point.p - row.g) <= 1e-10 * row.g);
      expect(here.length).toBeGreaterThan(0);
      const best = here.reduce((a, b) => (Math.abs(a.point.period - row.period) < Math.abs(b.point.period - row.period) ? a : b));
      compared++;
      worstPeriod = Math.max(worstPeriod, Math.abs(best.point.period / row.period - 1));
      expect(best.point.stable).toBe(row.stable);
      // AUTO's mesh values lie on its orbit, so the true extremes lie beyond them (up to our orbit's own error).
      expect(best.point.max[0]).toBeGreaterThan(row.rMax * (1 - 1e-5));
      expect(Math.abs(best.point.max[0] / row.rMax - 1)).toBeLessThan(1e-3);
      expect(best.point.min[0]).toBeLessThan(row.rMin * (1 + 1e-5));
      expect(Math.abs(best.point.min[0] / row.rMin - 1)).toBeLessThan(1e-3);
    }
    expect(compared).toBeGreaterThan(50);
    expect(worstPeriod).toBeLessThan(1e-6);
  });

  it('keeps the trivial multiplier within 1e-5 of 1 away from the fold, 1e-3 near it', () => {
    const far = res.points.filter((p) => Math.abs(p.p - LPC_G) > 1e-3);
    expect(far.length).toBeGreaterThan(30);
    expect(Math.max(...far.map((p) => p.trivialError))).toBeLessThan(1e-5);
    expect(Math.max(...res.points.map((p) => p.trivialError))).toBeLessThan(1e-3);
  });

  it('with twice the mesh intervals: the LPC moves by less than 1e-9, the trivial multiplier is within 1e-6 of 1 everywhere', () => {
    const fine = traceCycles(model, { ...req, at: [], ntst: 2 * DEFAULT_NTST });
    expect(Math.max(...fine.points.map((p) => p.trivialError))).toBeLessThan(1e-6);
    const a = res.special.find((s) => s.kind === 'LPC')!.point.p;
    const b = fine.special.find((s) => s.kind === 'LPC')!.point.p;
    expect(Math.abs(a - b)).toBeLessThan(1e-9);
    expect(Math.abs(b - LPC_G)).toBeLessThan(1e-8);
  });

  it('is the orbit a long simulation from its point at g = 1.5 follows (period, r_min, r_max)', () => {
    const at = uz.find((s) => s.point.p === 1.5)!.point;
    const [r, v, u, s] = at.start;
    const sim = simulate(model, {
      model: 'ik_nodim',
      params: { g: 1.5 },
      initial: { r, v, u, s },
      inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [] } },
      solver: { method: 'dopri5', dt: 1e-3, tEnd: 3 * at.period, sample: at.period / 40000, cutoff: 0, rtol: 1e-11, atol: 1e-13 },
    });
    expect(sim.status).toBe('ok');
    const rs = sim.columns[0];
    const t = sim.t;
    // The last period: its extrema, and the return to the start after three periods.
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < t.length; i++) {
      if (t[i] < 2 * at.period) continue;
      lo = Math.min(lo, rs[i]);
      hi = Math.max(hi, rs[i]);
    }
    expect(Math.abs(hi / at.max[0] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(lo / at.min[0] - 1)).toBeLessThan(1e-6);
    const end = sim.columns.map((c) => c[c.length - 1]);
    expect(Math.abs(t[t.length - 1] - 3 * at.period)).toBeLessThan(1e-6);
    expect(Math.max(...end.map((x, i) => Math.abs(x - at.start[i])))).toBeLessThan(1e-6);
  });
});
