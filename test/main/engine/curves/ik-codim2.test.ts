/**
 * Codimension-two points on fold and Hopf curves of the Izhikevich mean-field templates.
 *
 * - ik_nodim, Hopf curve in (g, eta) at I_ext = 0.15 through HB1: the two generalised Hopf points
 *   of AUTO-07p (test/fixtures/reference/ik_nodim_hopf_curve_g_eta_Iext0.15.json, AUTO's own
 *   accuracy about 4e-7 relative), and checked tighter by one-parameter branches: at the located
 *   GH's g, the branch in eta has its Hopf point at the GH's eta with l1 ~ 0, and l1 has opposite
 *   signs at g -+ delta.
 * - The same one-parameter check for GH points of ik_eta and ik_theta.
 * - Bogdanov–Takens points where a fold curve and a Hopf curve meet: both curves, traced from
 *   different one-parameter points, must locate the same point (the fold curve by its left and
 *   right null vectors becoming orthogonal, the Hopf curve by kappa = omega^2 = 0).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION, type SpecialPoint } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../../src-main/engine/compile';
import type { CompiledModel } from '../../../../src-main/engine/compiled-model';
import { runContinuation } from '../../../../src-main/engine/continuation/run';
import { traceCurve, type CurveResult, type CurveSpecial } from '../../../../src-main/engine/curves/trace';

const ref = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/reference/ik_nodim_hopf_curve_g_eta_Iext0.15.json'), 'utf8')) as {
  special_points: { type: string; params: { g: number; eta: number }; state: Record<string, number> }[];
};

interface Setting {
  name: 'ik_nodim' | 'ik_eta' | 'ik_theta';
  /** Parameter values besides the two of the curve (and I_ext). */
  values: Record<string, number>;
}

function branch(
  model: CompiledModel,
  s: Setting,
  param: string,
  bounds: [number, number],
  extra: Record<string, number>,
  initial: Record<string, number> = {},
) {
  const { I_ext, ...params } = { ...s.values, ...extra };
  return runContinuation(model, {
    model: s.name,
    params,
    initial,
    inputs: I_ext === undefined ? {} : { I_ext },
    param,
    bounds,
    settings: { ...DEFAULT_CONTINUATION },
  }).branch!;
}

/** The curve of `kind` through the one-parameter point `sp` (a branch in P = params[0]). */
function curveFrom(model: CompiledModel, s: Setting, sp: SpecialPoint, params: [string, string], bounds: Record<string, [number, number]>): CurveResult {
  const q = { ...Object.fromEntries(model.def.params.map((x) => [x.name, x.default])), ...s.values }[params[1]] as number;
  return traceCurve(model, {
    kind: sp.type === 'LP' ? 'fold' : 'hopf',
    params,
    values: s.values,
    start: { x: sp.x, p: [sp.p, q], omega: sp.omega },
    bounds,
  });
}

/**
 * At a GH point of a Hopf curve in `names`: the Hopf points near it of one-parameter branches in
 * names[along] with the other parameter at its value and at that value -+ delta, with their l1.
 */
function hopfAcross(model: CompiledModel, s: Setting, gh: CurveSpecial, names: [string, string], along: 0 | 1, width: number, delta: number) {
  const p = gh.point.params[along];
  const q = gh.point.params[1 - along];
  const [nameP, nameQ] = [names[along], names[1 - along]];
  const initial = Object.fromEntries(model.stateNames.map((x, i) => [x, gh.point.state[i]]));
  return [q - delta, q, q + delta].map((qq) => {
    // Started off the point itself (a Hopf point at the start of a branch ends no interval).
    const b = branch(model, s, nameP, [p - width, p + width], { [nameP]: p - 0.37 * width, [nameQ]: qq }, initial);
    const hbs = b.special.filter((x) => x.type === 'HB');
    hbs.sort((x, y) => Math.abs(x.p - p) - Math.abs(y.p - p));
    return { hb: hbs[0], p };
  });
}

/**
 * The one-parameter check of a GH point: the Hopf point of the branch at the GH's other parameter
 * lies within `tol` (relative to 1 + |value|) of the GH, l1 has opposite signs at -+ delta, and
 * |l1| at the GH is below 1e-6 of |l1| at -+ delta (l1 is smooth along the curve, so this puts
 * the GH within about 1e-6 delta of l1's zero).
 */
function expectGhTight(model: CompiledModel, s: Setting, gh: CurveSpecial, names: [string, string], along: 0 | 1, width: number, delta: number, tol: number) {
  const [below, at, above] = hopfAcross(model, s, gh, names, along, width, delta);
  expect(Math.abs(at.hb.p - at.p)).toBeLessThan(tol * (1 + Math.abs(at.p)));
  expect(Math.sign(below.hb.l1!)).toBe(-Math.sign(above.hb.l1!));
  const scale = Math.max(Math.abs(below.hb.l1!), Math.abs(above.hb.l1!));
  expect(Math.abs(at.hb.l1!)).toBeLessThan(1e-6 * scale);
}

describe('ik_nodim: the Hopf curve in (g, eta) at I_ext = 0.15 and its GH points', () => {
  const model = compileModel(getTemplate('ik_nodim')!);
  const s: Setting = { name: 'ik_nodim', values: { I_ext: 0.15 } };
  const hb = branch(model, s, 'g', [0, 3], {}).special.find((x) => x.label === 'HB1')!;
  const curve = curveFrom(model, s, hb, ['g', 'eta'], { g: [0, 3], eta: [-1, 1] });

  it('holds exactly two GH points, those of AUTO-07p (to its 1e-6)', () => {
    expect(curve.status).toBe('ok');
    expect(curve.special.map((x) => x.kind)).toEqual(['GH', 'GH']);
    expect(ref.special_points.length).toBe(2);
    for (const r of ref.special_points) {
      const gh = curve.special.find((x) => Math.abs(x.point.params[0] - r.params.g) < 1e-3)!;
      expect(gh.converged).toBe(true);
      expect(Math.abs(gh.point.params[0] - r.params.g) / r.params.g).toBeLessThan(1e-6);
      expect(Math.abs(gh.point.params[1] - r.params.eta) / Math.abs(r.params.eta)).toBeLessThan(1e-6);
      ['r', 'v', 'u', 's'].forEach((x, i) => expect(Math.abs(gh.point.state[i] - r.state[x]) / r.state[x]).toBeLessThan(1e-6));
      expect(Number.isFinite(gh.coefficients.l2)).toBe(true);
      expect(gh.coefficients.l2).not.toBe(0);
    }
  });

  it('locates each GH to 1e-9: the branch in eta at its g has its Hopf point there, with l1 ~ 0 between opposite signs', () => {
    for (const gh of curve.special) expectGhTight(model, s, gh, ['g', 'eta'], 1, 0.02, 1e-3, 1e-9);
  });
});

describe('GH points of ik_eta and ik_theta', () => {
  it('ik_eta: the Hopf curve in (eta, g) through HB1 at g = 0.5 has a GH point that the branches in eta confirm', () => {
    const model = compileModel(getTemplate('ik_eta')!);
    const s: Setting = { name: 'ik_eta', values: {} };
    const hb = branch(model, s, 'eta', [-100, 300], {}).special.find((x) => x.label === 'HB1')!;
    const curve = curveFrom(model, s, hb, ['eta', 'g'], { eta: [-100, 300], g: [0, 60] });
    const ghs = curve.special.filter((x) => x.kind === 'GH');
    expect(ghs.length).toBe(1);
    expect(ghs[0].converged).toBe(true);
    expectGhTight(model, s, ghs[0], ['eta', 'g'], 0, 2, 1e-2, 1e-9);
  });

  it('ik_theta (g = 20, Delta = 1): the Hopf curve in (eta, g) has two GH points that the branches in eta confirm', () => {
    const model = compileModel(getTemplate('ik_theta')!);
    const s: Setting = { name: 'ik_theta', values: { g: 20, Delta: 1 } };
    const hb = branch(model, s, 'eta', [-100, 300], {}).special.find((x) => x.label === 'HB1')!;
    const curve = curveFrom(model, s, hb, ['eta', 'g'], { eta: [-100, 300], g: [0, 60] });
    const ghs = curve.special.filter((x) => x.kind === 'GH');
    expect(ghs.length).toBe(2);
    for (const gh of ghs) {
      expect(gh.converged).toBe(true);
      expectGhTight(model, s, gh, ['eta', 'g'], 0, 0.5, 1e-2, 1e-9);
    }
  });
});

describe('Bogdanov–Takens points: fold and Hopf curves meet at the same point', () => {
  const cases: {
    setting: Setting;
    branches: Record<string, number>[];
    names: [string, string];
    bounds: Record<string, [number, number]>;
    range: [number, number];
  }[] = [
    // ik_nodim at g = 1.5: folds in eta appear for small Delta (BT near Delta = 1.8e-6).
    {
      setting: { name: 'ik_nodim', values: { g: 1.5 } },
      branches: [{}, { Delta: 1e-6 }],
      names: ['eta', 'Delta'],
      bounds: { eta: [-1, 1], Delta: [0, 0.2] },
      range: [-1, 1],
    },
    // ik_eta: Hopf points in eta at g = 0.5, folds at g = 15.
    { setting: { name: 'ik_eta', values: {} }, branches: [{}, { g: 15 }], names: ['eta', 'g'], bounds: { eta: [-100, 300], g: [0, 60] }, range: [-100, 300] },
    // ik_theta at Delta = 1, g = 20: two folds and two Hopf points in eta.
    {
      setting: { name: 'ik_theta', values: { g: 20, Delta: 1 } },
      branches: [{}],
      names: ['eta', 'g'],
      bounds: { eta: [-100, 300], g: [0, 60] },
      range: [-100, 300],
    },
  ];
  for (const c of cases) {
    it(`${c.setting.name} in (${c.names.join(', ')})`, () => {
      const model = compileModel(getTemplate(c.setting.name)!);
      const found: { kind: string; bt: CurveSpecial }[] = [];
      for (const extra of c.branches) {
        const s: Setting = { ...c.setting, values: { ...c.setting.values, ...extra } };
        for (const sp of branch(model, s, c.names[0], c.range, {}).special) {
          if (sp.type !== 'LP' && sp.type !== 'HB') continue;
          const curve = curveFrom(model, s, sp, c.names, c.bounds);
          for (const bt of curve.special.filter((x) => x.kind === 'BT')) found.push({ kind: sp.type === 'LP' ? 'fold' : 'hopf', bt });
        }
      }
      expect(found.some((f) => f.kind === 'fold')).toBe(true);
      expect(found.some((f) => f.kind === 'hopf')).toBe(true);
      const first = found.find((f) => f.kind === 'hopf')!.bt;
      for (const { bt } of found) {
        expect(bt.converged).toBe(true);
        for (const i of [0, 1]) expect(Math.abs(bt.point.params[i] - first.point.params[i])).toBeLessThan(1e-8 * (1 + Math.abs(first.point.params[i])));
        expect(bt.coefficients.a).toBeCloseTo(first.coefficients.a, 6);
        expect(Math.abs(bt.coefficients.b - first.coefficients.b)).toBeLessThan(1e-6 * Math.abs(first.coefficients.b));
      }
    });
  }
});
