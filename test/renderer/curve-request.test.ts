/**
 * The request the "Continue curve" form makes from a branch's LP or HB point: the start at the
 * branch's values, every other parameter and input carried over, ranges read from the text with
 * their problems named by field (before any job), and the second parameter offered first.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION, type ContinuationRequest, type SpecialPoint } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import { branchValue, buildCurveRequest, firstQ } from '../../src-renderer/src/lib/curve-request';

const def = getTemplate('ik_nodim')!;
const branch: ContinuationRequest = {
  model: 'ik_nodim',
  params: Object.fromEntries(def.params.map((p) => [p.name, p.default])),
  initial: {},
  inputs: { I_ext: 0.15 },
  param: 'g',
  bounds: [0, 3],
  settings: { ...DEFAULT_CONTINUATION, dsMax: 0.02 },
};
const hb: SpecialPoint = {
  type: 'HB',
  label: 'HB1',
  index: 3,
  p: 0.67,
  x: [0.04, 0.25, 0.1, 0.1],
  eigenvalues: [],
  converged: true,
  omega: 0.05,
  description: '',
};
const drafts = { q: 'eta', pFrom: '0', pTo: '3', qFrom: '-2', qTo: '2' };

describe('buildCurveRequest', () => {
  it('starts at the point with Q at its branch value, carries the other values and the settings over', () => {
    const built = buildCurveRequest(branch, hb, def, drafts);
    if (!built.ok) throw new Error(JSON.stringify(built.issues));
    const r = built.request;
    expect(r.type).toBe('hopf');
    expect(r.params).toEqual(['g', 'eta']);
    expect(r.start).toEqual({ label: 'HB1', state: hb.x, params: [0.67, branch.params.eta], omega: 0.05 });
    expect(r.bounds).toEqual([
      [0, 3],
      [-2, 2],
    ]);
    expect(r.values.I_ext).toBe(0.15);
    expect('g' in r.values || 'eta' in r.values).toBe(false);
    expect(Object.keys(r.values).length).toBe(def.params.length - 2 + 1);
    expect(r.settings.dsMax).toBe(0.02);
    expect(r.def).toBeUndefined();
    // An LP gives a fold curve, with no frequency.
    const lp = buildCurveRequest(branch, { ...hb, type: 'LP', label: 'LP1', omega: undefined }, def, drafts);
    expect(lp.ok && lp.request.type === 'fold' && !('omega' in lp.request.start)).toBe(true);
  });

  it('names the range at fault, before any job: unreadable, reversed, not holding the start, outside the domain', () => {
    const fields = (d: Partial<typeof drafts>) => {
      const b = buildCurveRequest(branch, hb, def, { ...drafts, ...d });
      return b.ok ? [] : b.issues.map((i) => `${i.field}: ${i.message}`);
    };
    expect(fields({ qTo: 'abc' })).toEqual([expect.stringMatching(/^bounds\[1\]: /)]);
    expect(fields({ qFrom: '2', qTo: '-2' })).toEqual(['bounds[1]: the range of eta must go from a smaller to a larger value (got [2, -2])']);
    expect(fields({ qFrom: '1', qTo: '2' })[0]).toMatch(/^bounds\[1\]: the range \[1, 2\] does not contain the start's eta = 0; widen the range/);
    expect(fields({ pFrom: '1', pTo: '3' })[0]).toMatch(/^bounds\[0\]: the range \[1, 3\] does not contain the start's g = 0.67/);
    expect(fields({ q: 'tau', qFrom: '-1', qTo: '2' })[0]).toMatch(/^bounds\[1\]: tau .*range \[-1, 2\] leaves the model's domain/);
    expect(fields({ q: 'g' })).toContain("params[1]: must differ from the first parameter 'g' (a curve lies in a plane of two parameters)");
    expect(fields({})).toEqual([]);
  });

  it('takes an input as Q at its constant value', () => {
    const built = buildCurveRequest(branch, hb, def, { ...drafts, q: 'I_ext', qFrom: '0', qTo: '1' });
    if (!built.ok) throw new Error(JSON.stringify(built.issues));
    expect(built.request.start.params[1]).toBe(0.15);
    expect('I_ext' in built.request.values).toBe(false);
  });
});

describe('the second parameter offered', () => {
  it('is the last one chosen, else eta (or the next preferred), else the first', () => {
    expect(firstQ(['tau', 'eta', 'Delta'], 'Delta')).toBe('Delta');
    expect(firstQ(['tau', 'eta', 'Delta'], 'gone')).toBe('eta');
    expect(firstQ(['tau', 'Delta'])).toBe('Delta');
    expect(firstQ(['tau', 'a'])).toBe('tau');
    expect(firstQ([])).toBe('');
  });

  it("reads a value from the branch's parameters, then inputs, then the model's default", () => {
    expect(branchValue({ ...branch, params: { g: 2 } }, def, 'g')).toBe(2);
    expect(branchValue(branch, def, 'I_ext')).toBe(0.15);
    expect(branchValue({ ...branch, params: {} }, def, 'eta')).toBe(def.params.find((p) => p.name === 'eta')!.default);
    expect(branchValue(branch, def, 'nope')).toBeNaN();
  });
});
