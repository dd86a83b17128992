/**
 * User points (`at`, type UZ) on equilibrium branches: located exactly at the values asked for, on
 * the branch (known answers for x' = p - x^2), without changing the branch or its other special points.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION, type ContinuationRequest } from '@shared/continuation/types';
import { validateContinuation } from '@shared/continuation/validate';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../../src-main/engine/compile';
import { ContinuationRequestError, runContinuation } from '../../../../src-main/engine/continuation/run';
import { tinyModel } from './tiny-models';
import { ikNodimBranchRequest } from '../fixtures/ik-nodim-hb1';

describe('user points on ik_nodim, g in [0, 3] at I_ext = 0.15', () => {
  const def = getTemplate('ik_nodim')!;
  const model = compileModel(def);
  const req: ContinuationRequest = ikNodimBranchRequest();
  const plain = runContinuation(model, req).branch!;
  // 0.5 is the start (the default g), 0 and 3 the ends of the range, 1.2 inside the unstable stretch.
  const at = [3, 1.2, 0.5, 0];
  const withAt = runContinuation(model, { ...req, at }).branch!;

  it('leaves the branch and its Hopf points as they are', () => {
    expect(withAt.points).toEqual(plain.points);
    expect(withAt.special.filter((s) => s.type !== 'UZ')).toEqual(plain.special);
  });

  it('lists one UZ point per value, in order along the branch, exactly at the value and on the branch', () => {
    const uz = withAt.special.filter((s) => s.type === 'UZ');
    expect(uz.map((s) => s.label)).toEqual(['UZ1', 'UZ2', 'UZ3', 'UZ4']);
    expect(uz.map((s) => s.p)).toEqual([0, 0.5, 1.2, 3]);
    const p = Float64Array.from([...def.params.map((q) => q.default), 0.15]);
    const k = model.paramNames.indexOf('g');
    const f = new Float64Array(def.states.length);
    for (const s of uz) {
      expect(s.converged).toBe(true);
      p[k] = s.p;
      model.rhs(Float64Array.from(s.x), p, f);
      for (const v of f) expect(Math.abs(v)).toBeLessThan(1e-10);
      // Between the branch points its index names.
      const a = withAt.points[s.index].p;
      const b = withAt.points[Math.min(s.index + 1, withAt.points.length - 1)].p;
      expect(s.p).toBeGreaterThanOrEqual(Math.min(a, b));
      expect(s.p).toBeLessThanOrEqual(Math.max(a, b));
      expect(s.description).toContain(`g = ${s.p}`);
    }
    // The whole special list is in order along the branch (g increases along it here).
    const ps = withAt.special.map((s) => s.p);
    expect(ps).toEqual([...ps].sort((x, y) => x - y));
  });
});

describe("user points on both sides of the fold of x' = p - x^2", () => {
  const def = tinyModel('fold', { x: 1 }, { p: 1 }, { x: 'p - x^2' });
  it('p = 0.25 is met twice, at x = 0.5 and x = -0.5, with the fold between them', () => {
    const r = runContinuation(compileModel(def), {
      model: 'fold',
      params: {},
      initial: {},
      inputs: {},
      param: 'p',
      bounds: [-1, 2],
      settings: { ...DEFAULT_CONTINUATION },
      at: [0.25, 1.75],
    });
    const s = r.branch!.special;
    expect(s.map((q) => q.label)).toEqual(['UZ1', 'UZ2', 'LP1', 'UZ3', 'UZ4']);
    const uz = s.filter((q) => q.type === 'UZ');
    expect(uz.map((q) => q.p)).toEqual([1.75, 0.25, 0.25, 1.75]);
    const x = uz.map((q) => q.x[0]);
    const expected = [-Math.sqrt(1.75), -0.5, 0.5, Math.sqrt(1.75)];
    for (let i = 0; i < 4; i++) expect(Math.abs(x[i] - expected[i])).toBeLessThan(1e-14);
  });
});

describe('the request field at', () => {
  it('refuses values outside the range, naming the entry', () => {
    const def = tinyModel('fold', { x: 1 }, { p: 1 }, { x: 'p - x^2' });
    const req: ContinuationRequest = {
      model: 'fold',
      params: {},
      initial: {},
      inputs: {},
      param: 'p',
      bounds: [0, 2],
      settings: { ...DEFAULT_CONTINUATION },
      at: [1, 3],
    };
    expect(validateContinuation(req, def).map((i) => i.field)).toEqual(['at[1]']);
    expect(validateContinuation({ ...req, at: ['1'] as unknown as number[] }, def).map((i) => i.field)).toEqual(['at']);
    expect(() => runContinuation(compileModel(def), req)).toThrow(ContinuationRequestError);
  });
});
