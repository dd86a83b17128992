/**
 * The engine entry of curve jobs (src-main/engine/run-curve-request.ts): untrusted requests refused
 * field by field before any work; a traced curve mapped to the shared Curve (labels numbered per
 * type along the curve, user points placed among the codimension-two points, `from`, ends),
 * progress, the curve so far while it grows, and cancellation.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import type { Curve, CurveRequest } from '@shared/curves/types';
import { curveRequestIssues, runCurveRequest } from '../../../../src-main/engine/run-curve-request';
import { tinyModel } from '../continuation/tiny-models';
import { ikNodimHb1 } from '../fixtures/ik-nodim-hb1';

const { branch, hb: hb1 } = ikNodimHb1();

/** The Hopf curve through HB1 in (g, eta) at I_ext = 0.15. */
function hopfRequest(): CurveRequest {
  return {
    model: 'ik_nodim',
    type: 'hopf',
    params: ['g', 'eta'],
    values: { I_ext: 0.15 },
    start: { label: 'HB1', state: hb1.x.slice(), params: [hb1.p, 0], omega: hb1.omega },
    bounds: [
      [0, 3],
      [-1, 1],
    ],
    settings: { ...DEFAULT_CONTINUATION },
  };
}

const quiet = { isCancelled: () => false, onProgress: () => undefined };

describe('curveRequestIssues', () => {
  it('accepts a complete request and one with settings left out', () => {
    expect(curveRequestIssues(hopfRequest())).toBeNull();
    expect(curveRequestIssues({ ...hopfRequest(), settings: {} })).toBeNull();
  });

  /** Each mutation of a valid request and the field its issue must name. */
  const cases: [string, (r: Record<string, unknown> & CurveRequest) => unknown, string, RegExp?][] = [
    ['not an object', () => 42, 'request'],
    ['an unknown model', (r) => ({ ...r, model: 'ik_nope' }), 'model', /unknown model 'ik_nope'/],
    ['a bad type', (r) => ({ ...r, type: 'cycle' }), 'type'],
    ['one parameter only', (r) => ({ ...r, params: ['g'] }), 'params'],
    ['an unknown second parameter', (r) => ({ ...r, params: ['g', 'etta'] }), 'params[1]', /unknown parameter or input 'etta'/],
    ['an unknown first parameter', (r) => ({ ...r, params: ['gg', 'eta'] }), 'params[0]'],
    [
      'the same parameter twice',
      (r) => ({ ...r, params: ['g', 'g'], bounds: [r.bounds[0], r.bounds[0]], start: { ...r.start, params: [hb1.p, hb1.p] } }),
      'params[1]',
      /must differ/,
    ],
    ['a value that is not a number', (r) => ({ ...r, values: { I_ext: '0.15' } }), 'values.I_ext'],
    ['an unknown value', (r) => ({ ...r, values: { I_ex: 0.15 } }), 'values.I_ex', /unknown parameter or input/],
    ['a non-finite value', (r) => ({ ...r, values: { I_ext: Infinity } }), 'values.I_ext', /finite/],
    ['a value outside its domain', (r) => ({ ...r, values: { tau: -1 } }), 'values.tau', /> 0/],
    ['a missing start', (r) => ({ ...r, start: undefined }), 'start'],
    ['an empty label', (r) => ({ ...r, start: { ...r.start, label: ' ' } }), 'start.label'],
    ['a short state', (r) => ({ ...r, start: { ...r.start, state: [1, 2] } }), 'start.state', /4 values/],
    ['a NaN in the state', (r) => ({ ...r, start: { ...r.start, state: [hb1.x[0], NaN, hb1.x[2], hb1.x[3]] } }), 'start.state[1]'],
    ['a Hopf start without omega', (r) => ({ ...r, start: { ...r.start, omega: undefined } }), 'start.omega', /frequency/],
    ['a Hopf start with omega 0', (r) => ({ ...r, start: { ...r.start, omega: 0 } }), 'start.omega'],
    ['start params not a pair', (r) => ({ ...r, start: { ...r.start, params: [1] } }), 'start.params'],
    ['a non-finite start value', (r) => ({ ...r, start: { ...r.start, params: [NaN, 0] } }), 'start.params[0]'],
    ['bounds of one range', (r) => ({ ...r, bounds: [[0, 3]] }), 'bounds'],
    ['a reversed range of Q', (r) => ({ ...r, bounds: [r.bounds[0], [1, -1]] }), 'bounds[1]', /smaller to a larger/],
    ['an infinite range of P', (r) => ({ ...r, bounds: [[0, Infinity], r.bounds[1]] }), 'bounds[0]', /finite/],
    ['a range without the start', (r) => ({ ...r, bounds: [[1, 3], r.bounds[1]] }), 'bounds[0]', /does not contain the start's g/],
    [
      'a range leaving the domain',
      (r) => ({ ...r, params: ['g', 'tau'], values: { I_ext: 0.15 }, start: { ...r.start, params: [hb1.p, 1] }, bounds: [r.bounds[0], [-1, 2]] }),
      'bounds[1]',
      /tau must be > 0/,
    ],
    ['user points that are not numbers', (r) => ({ ...r, at: ['1'] }), 'at'],
    ['a user point outside the range of P', (r) => ({ ...r, at: [1, 4] }), 'at[1]', /inside the range \[0, 3\]/],
    ['an unknown setting', (r) => ({ ...r, settings: { ...r.settings, dsmax: 1 } }), 'settings.dsmax', /unknown setting/],
    ['a bad setting', (r) => ({ ...r, settings: { ...r.settings, maxPoints: 0 } }), 'settings.maxPoints'],
    ['settings tied wrongly', (r) => ({ ...r, settings: { ...r.settings, dsMin: 1, dsMax: 0.1 } }), 'settings.dsMin', /<= dsMax/],
  ];
  it.each(cases)('refuses %s, naming the field', (_, mutate, field, message) => {
    const error = curveRequestIssues(mutate(hopfRequest() as Record<string, unknown> & CurveRequest));
    expect(error).not.toBeNull();
    const issue = error!.issues?.find((i) => i.field === field);
    expect(issue, JSON.stringify(error)).toBeDefined();
    if (message !== undefined) expect(issue!.message).toMatch(message);
    // And runCurveRequest refuses it the same way, without tracing.
    const run = runCurveRequest(mutate(hopfRequest() as Record<string, unknown> & CurveRequest), quiet);
    expect(run).toEqual({ ok: false, error });
  });
});

describe('runCurveRequest', () => {
  it('maps the Hopf curve through HB1 to the shared Curve, reporting progress', () => {
    const seen: number[] = [];
    const run = runCurveRequest(hopfRequest(), { isCancelled: () => false, onProgress: (info) => seen.push(info.points) });
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    const { result } = run;
    expect(result.status).toBe('ok');
    const c = result.curve!;
    expect(c.type).toBe('hopf');
    expect(c.from).toBe('HB1');
    expect(c.params).toEqual(['g', 'eta']);
    expect(c.stateNames).toEqual(['r', 'v', 'u', 's']);
    expect(c.values).toEqual({ I_ext: 0.15 });
    expect(result.stats.points).toBe(c.points.length);
    expect(c.points[c.startIndex].params[0]).toBeCloseTo(hb1.p, 10);
    expect(c.points[c.startIndex].omega).toBeCloseTo(hb1.omega!, 10);
    // Ends in the order of the points: both at g = 3.
    expect(c.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
    expect(c.points[0].params[0]).toBe(3);
    expect(c.points[c.points.length - 1].params[0]).toBe(3);
    for (const pt of c.points) expect(pt.omega).toBeCloseTo(Math.sqrt(pt.kappa!), 12);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(c.points.length);
  });

  it('places user points (values of P) among the points, numbered UZ1, UZ2 along the curve', () => {
    const run = runCurveRequest({ ...hopfRequest(), at: [2.5, 1.2] }, quiet);
    const c = (run.ok && run.result.curve) as Curve;
    // The curve passes g = 1.2 and g = 2.5 on each of its two sides (through HB1 and through HB2).
    // Between them along the curve, its two generalised Hopf points (g about 1.367 and 1.070).
    expect(c.special.map((s) => s.label)).toEqual(['UZ1', 'GH1', 'UZ2', 'GH2', 'UZ3', 'UZ4']);
    const uz = c.special.filter((s) => s.type === 'UZ');
    expect(uz.map((s) => s.point.params[0])).toEqual([2.5, 1.2, 1.2, 2.5]);
    for (const s of uz) {
      const [a, b] = [c.points[s.index].params[0], c.points[s.index + 1].params[0]];
      expect((a - s.point.params[0]) * (b - s.point.params[0])).toBeLessThanOrEqual(0);
      // Between its two neighbours in eta too: the right crossing, not the other side's.
      const [ea, eb] = [c.points[s.index].params[1], c.points[s.index + 1].params[1]];
      expect(Math.abs(s.point.params[1] - ea) + Math.abs(s.point.params[1] - eb)).toBeLessThan(Math.abs(ea - eb) + 1e-12);
      expect(s.coefficients).toEqual({});
      expect(s.type).toBe('UZ');
    }
  });

  it("labels the cusp (CP1) on the fold curve of x' = a + b x - x^3 in order with user points", () => {
    const def = tinyModel('cusp', { x: 0 }, { a: 0, b: 1 }, { x: 'a + b*x - x^3' });
    const req: CurveRequest = {
      model: 'cusp',
      def,
      type: 'fold',
      params: ['a', 'b'],
      values: {},
      start: { label: 'LP1', state: [1], params: [-2, 3] },
      bounds: [
        [-4, 4],
        [-1, 4],
      ],
      settings: { ...DEFAULT_CONTINUATION },
      at: [-1, 0.5, -0.5],
    };
    const run = runCurveRequest(req, quiet);
    const c = (run.ok && run.result.curve) as Curve;
    expect(c.from).toBe('LP1');
    const labels = c.special.map((s) => s.label);
    expect(labels.filter((l) => l === 'CP1')).toHaveLength(1);
    expect(labels.filter((l) => l.startsWith('UZ'))).toEqual(['UZ1', 'UZ2', 'UZ3']);
    // Along the curve x runs one way: the special points' x are in order, the cusp at x = 0.
    const xs = c.special.map((s) => s.point.state[0]);
    const sign = Math.sign(xs[xs.length - 1] - xs[0]);
    for (let i = 1; i < xs.length; i++) expect(sign * (xs[i] - xs[i - 1])).toBeGreaterThan(0);
    const cp = c.special[labels.indexOf('CP1')];
    expect(Math.abs(cp.point.state[0])).toBeLessThan(1e-9);
    expect(cp.converged).toBe(true);
    expect(typeof cp.coefficients).toBe('object');
    for (const s of c.special) {
      const [xa, xb] = [c.points[s.index].state[0], c.points[s.index + 1].state[0]];
      expect((xa - s.point.state[0]) * (xb - s.point.state[0])).toBeLessThanOrEqual(0);
      if (s.type === 'UZ') expect(s.point.params[1]).toBeCloseTo(3 * Math.cbrt(s.point.params[0] / 2) ** 2, 10);
    }
  });

  it('says why no curve starts (noStart) from a point that is not a Hopf point', () => {
    const req = hopfRequest();
    const ep = branch.points[5];
    const run = runCurveRequest({ ...req, start: { ...req.start, state: ep.x, params: [ep.p, 0] } }, quiet);
    expect(run.ok && run.result.status).toBe('noStart');
    expect(run.ok && run.result.curve).toBeNull();
    expect(run.ok && run.result.message).toMatch(/Hopf/);
  });

  it('streams the curve so far in order (backward part reversed before the forward part) and stops when cancelled', () => {
    const partials: Curve[] = [];
    let progress = 0;
    const slow = { ...hopfRequest(), settings: { ...DEFAULT_CONTINUATION, dsMax: 1e-4, maxPoints: 100_000 } };
    // Cancelled once the backward part (traced after the forward one) has grown for a while.
    const run = runCurveRequest(slow, {
      isCancelled: () => partials.filter((p) => p.startIndex > 0).length >= 1,
      onProgress: () => progress++,
      onPartial: (c) => partials.push(c),
    });
    expect(run.ok && run.result.status).toBe('cancelled');
    const c = (run.ok && run.result.curve) as Curve;
    expect(c.points.length).toBeGreaterThan(10);
    expect(c.ends.some((e) => e.reason === 'cancelled')).toBe(true);
    expect(progress).toBeGreaterThan(0);
    const last = partials[partials.length - 1];
    expect(last.startIndex).toBeGreaterThan(0);
    expect(last.points.length).toBeGreaterThan(last.startIndex + 100);
    // The forward part reached g = 3 before the backward one started; the backward part runs from the start.
    expect(last.points[last.points.length - 1].params[0]).toBe(3);
    expect(c.points.length).toBeGreaterThanOrEqual(last.points.length);
    for (const p of partials) {
      expect(p.from).toBe('HB1');
      // Consecutive points are neighbours on the curve: no jump from one end back to the start.
      for (let i = 1; i < p.points.length; i++) {
        const [a, b] = [p.points[i - 1].params, p.points[i].params];
        expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeLessThan(1e-3);
      }
    }
    // Each partial holds the one before it.
    for (let k = 1; k < partials.length; k++) expect(partials[k].points.length).toBeGreaterThanOrEqual(partials[k - 1].points.length);
  });
});
