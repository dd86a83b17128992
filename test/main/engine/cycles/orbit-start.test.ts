/**
 * Cycle families started from a simulated orbit (cycles/trace-orbit.ts): one period cut from a run
 * by a Poincaré section, corrected by collocation at the fixed parameter, continued both ways.
 * Checked against closed forms (Stuart–Landau), against the family of the same model started from
 * its Hopf point (ik_nodim at I_ext = 0.15, both at the same mesh size) and AUTO-07p
 * (test/fixtures/reference/ik_nodim_cycles_g_Iext0.15.json), and for the runs that must be refused:
 * a steady state, a period longer than the window, chaos and a torus.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../../src-main/engine/compile';
import { cutOrbit } from '../../../../src-main/engine/cycles/orbit-cut';
import { traceCycles, type CyclePoint, type CycleSpecial } from '../../../../src-main/engine/cycles/trace-cycles';
import { traceCyclesFromOrbit } from '../../../../src-main/engine/cycles/trace-orbit';
import { tinyModel } from '../continuation/tiny-models';
import { ikNodimHb1 } from '../fixtures/ik-nodim-hb1';

const OMEGA = 2;
const planar = (name: string, radial: string) =>
  compileModel(tinyModel(name, { x: 0, y: 0 }, { mu: 0, om: OMEGA }, { x: `x*(${radial}) - om*y`, y: `y*(${radial}) + om*x` }));

describe('Stuart–Landau from a simulated orbit', () => {
  const model = planar('sl_orbit', 'mu - (x^2 + y^2)');
  const res = traceCyclesFromOrbit(model, {
    param: 'mu',
    start: { kind: 'orbit', state: [0.1, 0], p: 0.5, window: 100 },
    bounds: [-1, 1],
    at: [0.25, 0.5],
  });

  it('cuts the period 2 pi / omega from the run and corrects it to the circle of radius sqrt(mu)', () => {
    expect(res.status).toBe('ok');
    // The run starts at radius 0.1 and approaches the circle; the cut sees it repeat to 1e-5.
    expect(Math.abs(res.orbit!.period / Math.PI - 1)).toBeLessThan(1e-4);
    expect(res.orbit!.crossings).toBe(1);
    const start = res.points[res.startIndex];
    expect(start.p).toBe(0.5);
    expect(Math.abs(start.period - Math.PI)).toBeLessThan(1e-9);
    expect(Math.abs(Math.hypot(...start.start) - Math.sqrt(0.5))).toBeLessThan(1e-9);
  });

  it('continues both ways: radius sqrt(mu) everywhere, back to the Hopf point at 0 and up to the range end', () => {
    expect(res.startIndex).toBeGreaterThan(3);
    expect(res.startIndex).toBeLessThan(res.points.length - 3);
    for (let i = 1; i < res.points.length; i++) expect(res.points[i].p).toBeGreaterThan(res.points[i - 1].p);
    for (const pt of res.points) {
      expect(Math.abs(pt.max[0] - Math.sqrt(pt.p))).toBeLessThan(1e-8);
      expect(Math.abs(pt.period - Math.PI)).toBeLessThan(1e-9);
      expect(Math.abs(pt.multipliers[1][0] - Math.exp(-2 * pt.p * Math.PI))).toBeLessThan(1e-7);
      expect(pt.stable).toBe(true);
    }
    expect(res.firstEnd!.reason).toBe('hopf');
    expect(Math.abs(res.firstEnd!.p!)).toBeLessThan(1e-4);
    expect(res.end.reason).toBe('bound');
    expect(res.points[res.points.length - 1].p).toBe(1);
    // The user point lies on the half traced downward; its index is the point just before it in the joined order.
    // The user point at the start's own value is the start.
    expect(res.special.map((s) => s.kind)).toEqual(['UZ', 'UZ']);
    expect(res.special[1].point).toBe(res.points[res.startIndex]);
    expect(res.special[1].index).toBe(res.startIndex - 1);
    const uz = res.special[0];
    expect(uz.point.p).toBe(0.25);
    expect(res.points[uz.index].p).toBeLessThan(0.25);
    expect(res.points[uz.index + 1].p).toBeGreaterThan(0.25);
    expect(Math.abs(uz.point.max[0] - 0.5)).toBeLessThan(1e-8);
  });

  it('one way only when asked', () => {
    const up = traceCyclesFromOrbit(model, { param: 'mu', start: { kind: 'orbit', state: [0.1, 0], p: 0.5, window: 100 }, bounds: [-1, 1], direction: 1 });
    expect(up.status).toBe('ok');
    expect(up.startIndex).toBe(0);
    expect(up.points.every((p) => p.p >= 0.5)).toBe(true);
    const down = traceCyclesFromOrbit(model, { param: 'mu', start: { kind: 'orbit', state: [0.1, 0], p: 0.5, window: 100 }, bounds: [-1, 1], direction: -1 });
    expect(down.points.every((p) => p.p <= 0.5)).toBe(true);
    expect(down.end.reason).toBe('hopf');
  });

  it('refuses a run that comes to rest (mu < 0) and a window shorter than the period, saying what to do', () => {
    const rest = traceCyclesFromOrbit(model, { param: 'mu', start: { kind: 'orbit', state: [0.1, 0], p: -0.2, window: 200 }, bounds: [-1, 1] });
    expect(rest.status).toBe('noStart');
    expect(rest.points).toEqual([]);
    expect(rest.message).toMatch(/steady state/);
    const short = traceCyclesFromOrbit(model, { param: 'mu', start: { kind: 'orbit', state: [0.7, 0], p: 0.5, window: 2 }, bounds: [-1, 1] });
    expect(short.status).toBe('noStart');
    expect(short.message).toMatch(/Lengthen the window/);
  });
});

describe('Stuart–Landau runs that settle slowly', () => {
  const model = planar('sl_slow', 'mu - (x^2 + y^2)');
  const cut = (mu: number, r0: number, window: number) => cutOrbit(model, [mu, OMEGA], [r0, 0], { transient: 0, window });

  it('a slowly decaying oscillation is refused, naming the decay; a fast one as a steady state', () => {
    const slow = cut(-0.01, 0.5, 200);
    expect(slow.ok).toBe(false);
    expect(!slow.ok && slow.message).toMatch(/decaying to a steady state/);
    const fast = cut(-0.2, 0.5, 200);
    expect(fast.ok).toBe(false);
    expect(!fast.ok && ['rest', 'decay'].includes(fast.reason)).toBe(true);
    expect(!fast.ok && fast.message).toMatch(/settles on a steady state/);
  });

  it('a cycle approached slowly (multiplier exp(-2 mu T) = 0.94) is refused in a short window and cut in a long one', () => {
    const short = cut(0.01, 1, 200);
    expect(short.ok).toBe(false);
    expect(!short.ok && short.message).toMatch(/still approaching a cycle/);
    const long = cut(0.01, 1, 2000);
    expect(long.ok).toBe(true);
    expect(long.ok && Math.abs(long.orbit.period / Math.PI - 1)).toBeLessThan(1e-8);
  });

  it('cancellation stops the simulation and reports it', () => {
    let polls = 0;
    const r = traceCyclesFromOrbit(
      model,
      { param: 'mu', start: { kind: 'orbit', state: [1, 0], p: 0.01, window: 1e5 }, bounds: [-1, 1] },
      { isCancelled: () => ++polls > 3 },
    );
    expect(r.status).toBe('cancelled');
    expect(r.points).toEqual([]);
  });
});

const ref = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/reference/ik_nodim_cycles_g_Iext0.15.json'), 'utf8')) as {
  branch: { data: (number | boolean)[][] };
  special_points: { params: { g: number } }[];
};
const LPC_G = ref.special_points[0].params.g;
const HB1_G = 0.67112371851;
const HB2_G = 1.9887447914;

describe('ik_nodim at I_ext = 0.15 from a simulated orbit, against the family from HB1 and AUTO-07p', () => {
  const { model, hb } = ikNodimHb1();
  const at = [1.5, 2.01];
  const fromHopf = traceCycles(model, { param: 'g', values: { I_ext: 0.15 }, start: { x: hb.x, p: hb.p, omega: hb.omega! }, bounds: [0, 3], at });
  // From rest (y = 0): the section through the start is never crossed again, so the cut chooses it again later.
  const res = traceCyclesFromOrbit(model, {
    param: 'g',
    values: { I_ext: 0.15 },
    start: { kind: 'orbit', state: [0, 0, 0, 0], p: 1.5, window: 3000 },
    bounds: [0, 3],
    at,
  });
  /** The user point at g of the family, on the stable (or unstable) part. */
  const uzAt = (special: CycleSpecial[], g: number, stable: boolean): CyclePoint =>
    special.find((s) => s.kind === 'UZ' && s.point.p === g && s.point.stable === stable)!.point;
  const rel = (a: number, b: number) => Math.abs(a / b - 1);

  it('the corrected orbit at g = 1.5 is the HB1 family’s to 1e-8 (period; r_min, r_max at NTST = 320) and AUTO-07p’s period to 1e-7', () => {
    expect(res.status).toBe('ok');
    const start = res.points[res.startIndex];
    expect(start.p).toBe(1.5);
    expect(start.stable).toBe(true);
    const other = uzAt(fromHopf.special, 1.5, true);
    expect(rel(start.period, other.period)).toBeLessThan(1e-8);
    // Between mesh values the collocation polynomial is accurate to O(h^5) only: at the default mesh
    // the extrema of the two families (on different adapted meshes) differ by about 3e-7; at twice
    // the intervals 1e-8 to 3e-8, at four times 1e-9.
    expect(rel(start.min[0], other.min[0])).toBeLessThan(1e-6);
    expect(rel(start.max[0], other.max[0])).toBeLessThan(1e-6);
    const ntst = 320;
    const a = traceCycles(model, { param: 'g', values: { I_ext: 0.15 }, start: { x: hb.x, p: hb.p, omega: hb.omega! }, bounds: [0, 1.5], ntst });
    const b = traceCyclesFromOrbit(model, {
      param: 'g',
      values: { I_ext: 0.15 },
      start: { kind: 'orbit', state: start.start, p: 1.5, window: 1000 },
      bounds: [1.5, 1.6],
      ntst,
      direction: 1,
    });
    const fa = a.points[a.points.length - 1];
    const fb = b.points[b.startIndex];
    expect(fa.p).toBe(1.5);
    expect(fb.p).toBe(1.5);
    expect(rel(fa.period, fb.period)).toBeLessThan(1e-8);
    expect(rel(fa.min[0], fb.min[0])).toBeLessThan(1e-8);
    expect(rel(fa.max[0], fb.max[0])).toBeLessThan(1e-8);
    // The spikes of v are the least resolved part of the orbit (1e-6 apart at the default mesh).
    for (let i = 1; i < 4; i++) {
      expect(rel(fa.min[i], fb.min[i])).toBeLessThan(1e-7);
      expect(rel(fa.max[i], fb.max[i])).toBeLessThan(1e-7);
    }
    // The simulated period (section crossings on the dense output) agrees with collocation too.
    expect(rel(res.orbit!.period, start.period)).toBeLessThan(1e-8);
    const row = ref.branch.data.find((r) => r[0] === 1.5)!;
    expect(rel(start.period, row[1] as number)).toBeLessThan(1e-7);
    // AUTO's extrema are read off its mesh values only.
    expect(rel(start.min[0], row[6] as number)).toBeLessThan(1e-3);
    expect(rel(start.max[0], row[7] as number)).toBeLessThan(1e-3);
  });

  it('continues down to HB1 and up through the LPC back to HB2, as the family from HB1 does', () => {
    expect(res.firstEnd!.reason).toBe('hopf');
    expect(Math.abs(res.firstEnd!.p! - HB1_G)).toBeLessThan(1e-4);
    expect(res.end.reason).toBe('hopf');
    expect(Math.abs(res.end.p! - HB2_G)).toBeLessThan(1e-4);
    const lpc = res.special.filter((s) => s.kind === 'LPC');
    expect(lpc.length).toBe(1);
    expect(Math.abs(lpc[0].point.p - LPC_G)).toBeLessThan(1e-8);
    expect(res.special.filter((s) => s.kind !== 'UZ' && s.kind !== 'LPC')).toEqual([]);
    // Both parts at g = 2.01 (stable below the fold, unstable above it) match the family from HB1.
    for (const stable of [true, false]) {
      const a = uzAt(res.special, 2.01, stable);
      const b = uzAt(fromHopf.special, 2.01, stable);
      expect(rel(a.period, b.period)).toBeLessThan(1e-8);
    }
  });

  const params = [...model.def.params, ...model.def.inputs].map((q) => (q.name === 'I_ext' ? 0.15 : q.default));
  const withG = (g: number) => params.map((v, i) => (model.paramNames[i] === 'g' ? g : v));

  it('refuses g = 0.5, where the run settles on the stable steady state', () => {
    const r = traceCyclesFromOrbit(model, {
      param: 'g',
      values: { I_ext: 0.15 },
      start: { kind: 'orbit', state: [0, 0, 0, 0], p: 0.5, window: 3000 },
      bounds: [0, 3],
    });
    expect(r.status).toBe('noStart');
    expect(r.message).toMatch(/steady state/);
    const cut = cutOrbit(model, withG(0.5), [0, 0, 0, 0], { transient: 0, window: 3000 });
    expect(cut.ok).toBe(false);
  });

  it('the slow cycle near the fold (g = 2.01, period 292): refused with a short window, cut with a long one', () => {
    const short = cutOrbit(model, withG(2.01), [0, 0, 0, 0], { transient: 2000, window: 500 });
    expect(short.ok).toBe(false);
    expect(!short.ok && short.reason).toBe('fewReturns');
    expect(!short.ok && short.message).toMatch(/Lengthen the window/);
    const long = cutOrbit(model, withG(2.01), [0, 0, 0, 0], { transient: 2000, window: 2000 });
    expect(long.ok).toBe(true);
    const b = uzAt(fromHopf.special, 2.01, true);
    expect(long.ok && rel(long.orbit.period, b.period)).toBeLessThan(1e-8);
  });
});

describe('runs that are not on one periodic orbit', () => {
  const rossler = compileModel(tinyModel('rossler', { x: 1, y: 1, z: 0 }, { a: 0.2, b: 0.2, c: 3.5 }, { x: '-y - z', y: 'x + a*y', z: 'b + z*(x - c)' }));

  it('a period-doubled orbit (Rössler, c = 3.5) is cut over both loops and corrects to the same period', () => {
    const r = traceCyclesFromOrbit(rossler, {
      param: 'c',
      start: { kind: 'orbit', state: [1, 1, 0], p: 3.5, transient: 500, window: 1000 },
      bounds: [3.4, 3.6],
    });
    expect(r.status).toBe('ok');
    expect(r.orbit!.crossings).toBe(2);
    const start = r.points[r.startIndex];
    expect(Math.abs(start.period / r.orbit!.period - 1)).toBeLessThan(1e-8);
    expect(start.stable).toBe(true);
    expect(start.trivialError).toBeLessThan(1e-6);
    // Between the first two period doublings the nontrivial multiplier is real and negative.
    expect(start.multipliers[1][0]).toBeLessThan(0);
    expect(start.multipliers[1][0]).toBeGreaterThan(-1);
  });

  it('refuses a chaotic run (Rössler, c = 5.7) and a run on a torus (two oscillators at frequencies 1 and sqrt 2)', () => {
    const chaos = cutOrbit(rossler, [0.2, 0.2, 5.7], [1, 1, 0], { transient: 500, window: 1000 });
    expect(chaos.ok).toBe(false);
    expect(!chaos.ok && chaos.reason).toBe('notRepeating');
    expect(!chaos.ok && chaos.message).toMatch(/quasi-periodic or chaotic/);
    const torus = compileModel(
      tinyModel(
        'torus',
        { x: 0.1, y: 0, z: 0.1, w: 0 },
        { mu: 1 },
        { x: 'x*(mu - (x^2+y^2)) - y', y: 'y*(mu - (x^2+y^2)) + x', z: 'z*(mu - (z^2+w^2)) - sqrt(2)*w', w: 'w*(mu - (z^2+w^2)) + sqrt(2)*z' },
      ),
    );
    const qp = cutOrbit(torus, [1], [0.1, 0, 0.1, 0], { transient: 0, window: 500 });
    expect(qp.ok).toBe(false);
    expect(!qp.ok && qp.reason).toBe('notRepeating');
  });
});
