/**
 * The request the "Continue cycles" form makes from a branch's HB point: the Hopf point as start,
 * every other parameter and input carried over, the range and mesh read from the text with their
 * problems named by field before any job, and only the branch's point budget carried over.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION, type ContinuationRequest, type SpecialPoint } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import { buildCycleRequest } from '../../src-renderer/src/lib/cycle-request';

const def = getTemplate('ik_nodim')!;
const branch: ContinuationRequest = {
  model: 'ik_nodim',
  params: Object.fromEntries(def.params.map((p) => [p.name, p.default])),
  initial: {},
  inputs: { I_ext: 0.15 },
  param: 'g',
  bounds: [0, 3],
  settings: { ...DEFAULT_CONTINUATION, dsMax: 0.02, maxPoints: 700 },
  at: [0.5, 1, 4],
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
const drafts = { pFrom: '0', pTo: '3', ntst: '80', ncol: '4' };

describe('buildCycleRequest', () => {
  it('starts at the Hopf point with the branch’s other values, its user points in range and its point budget', () => {
    const built = buildCycleRequest(branch, hb, def, drafts);
    if (!built.ok) throw new Error(JSON.stringify(built.issues));
    const r = built.request;
    expect(r.param).toBe('g');
    expect(r.start).toEqual({ label: 'HB1', state: hb.x, p: 0.67, omega: 0.05 });
    expect(r.values.I_ext).toBe(0.15);
    expect(r.values.eta).toBe(def.params.find((p) => p.name === 'eta')!.default);
    expect('g' in r.values).toBe(false);
    expect(r.bounds).toEqual([0, 3]);
    expect(r.settings).toEqual({ maxPoints: 700 });
    expect([r.ntst, r.ncol]).toEqual([80, 4]);
    expect(r.at).toEqual([0.5, 1]);
  });

  it('leaves an empty mesh field to the engine', () => {
    const built = buildCycleRequest(branch, hb, def, { ...drafts, ntst: ' ', ncol: '' });
    expect(built.ok && 'ntst' in built.request).toBe(false);
    expect(built.ok && 'ncol' in built.request).toBe(false);
  });

  it('names the field at fault: an unreadable range, a range without the Hopf point, a mesh out of bounds', () => {
    const issues = (d: Partial<typeof drafts>) => {
      const b = buildCycleRequest(branch, hb, def, { ...drafts, ...d });
      return b.ok ? [] : b.issues.map((i) => `${i.field}: ${i.message}`);
    };
    expect(issues({ pTo: 'x' })).toEqual(['bounds: "x" is not a number']);
    expect(issues({ pFrom: '1' })[0]).toMatch(/^bounds: the range \[1, 3\] does not contain the Hopf point's g = 0.67/);
    expect(issues({ pFrom: '3', pTo: '0' })[0]).toMatch(/^bounds: the range of g must go from a smaller to a larger value/);
    expect(issues({ ntst: '1' })).toEqual(['ntst: must be a whole number from 2 to 2000 (got 1)']);
    expect(issues({ ncol: '4.5' })).toEqual(['ncol: must be a whole number from 2 to 7 (got 4.5)']);
    expect(issues({ ntst: 'many' })).toEqual(['ntst: "many" is not a number']);
  });

  it('refuses a point that is not a Hopf point with a frequency', () => {
    const b = buildCycleRequest(branch, { ...hb, type: 'LP', omega: undefined }, def, drafts);
    expect(b.ok).toBe(false);
    expect(!b.ok && b.issues[0].field).toBe('start');
  });
});
