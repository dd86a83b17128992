/** The starting equilibrium, the hooks (progress, cancel, streaming) and request checks of runContinuation. */
import { describe, expect, it } from 'vitest';
import type { Branch, ContinuationRequest } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../../src-main/engine/compile';
import { ContinuationRequestError, runContinuation } from '../../../../src-main/engine/continuation/run';
import { tinyModel, trace } from './tiny-models';
import { ikNodimBranchRequest } from '../fixtures/ik-nodim-hb1';

describe('starting equilibrium', () => {
  it('starts from the unstable equilibrium of ik_nodim at g = 1.5 (where the model oscillates)', () => {
    const r = trace(getTemplate('ik_nodim')!, 'g', [0, 3], { params: { g: 1.5 }, inputs: { I_ext: 0.15 } });
    expect(r.status).toBe('ok');
    const b = r.branch!;
    expect(b.points[b.startIndex].p).toBe(1.5);
    expect(b.points[b.startIndex].stable).toBe(false);
    expect(b.special.map((s) => s.label)).toEqual(['HB1', 'HB2']);
  });

  it('integrates towards rest when Newton cannot start (singular Jacobian at the initial state)', () => {
    // x' = p - x^3 at x = 0 has f_x = 0; the rest state x = p^(1/3) is reached by simulation.
    const def = tinyModel('cube', { x: 0 }, { p: 1 }, { x: 'p - x^3' });
    const r = trace(def, 'p', [0.5, 2]);
    expect(r.status).toBe('ok');
    expect(r.message).toContain('simulating');
    const b = r.branch!;
    expect(b.points[b.startIndex].x[0]).toBeCloseTo(1, 12);
    for (const pt of b.points) expect(pt.x[0]).toBeCloseTo(Math.cbrt(pt.p), 10);
  });

  it("reports 'noEquilibrium' with advice when there is no steady state (a rotating phase)", () => {
    const def = tinyModel('rotor', { theta: 0 }, { w: 2 }, { theta: 'w - cos(theta)' });
    const r = trace(def, 'w', [1.5, 3]);
    expect(r.status).toBe('noEquilibrium');
    expect(r.branch).toBeNull();
    expect(r.message).toMatch(/No steady state found at w = 2/);
    expect(r.message).toMatch(/theta still varies/);
    expect(r.message).toMatch(/initial values near a steady state/);
  });

  it("reports 'noEquilibrium' when the simulation blows up", () => {
    const def = tinyModel('blow', { x: 0 }, { p: 1 }, { x: 'p + x^2' });
    const r = trace(def, 'p', [0.5, 2]);
    expect(r.status).toBe('noEquilibrium');
    expect(r.message).toMatch(/blew up/);
  });
});

describe('hooks', () => {
  const def = getTemplate('ik_nodim')!;
  const model = compileModel(def);
  const req: ContinuationRequest = ikNodimBranchRequest();

  it('reports progress and streams partial branches of a long trace', () => {
    const progress: number[] = [];
    const partials: Branch[] = [];
    // A slow cancellation poll (2 ms per step) stretches the trace to a few hundred ms.
    const slow = () => {
      const until = performance.now() + 2;
      while (performance.now() < until);
      return false;
    };
    const r = runContinuation(model, req, { onProgress: (i) => progress.push(i.fraction), onPartial: (b) => partials.push(b), isCancelled: slow });
    expect(r.status).toBe('ok');
    expect(progress.length).toBeGreaterThan(2);
    expect(partials.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
    for (const b of partials) expect(b.points.length).toBeLessThanOrEqual(r.branch!.points.length);
  });

  it('stops on cancellation with the branch so far', () => {
    let polls = 0;
    const r = runContinuation(model, req, { isCancelled: () => ++polls > 50 });
    expect(r.status).toBe('cancelled');
    expect(r.branch!.ends.map((e) => e.reason)).toEqual(['cancelled', 'cancelled']);
    expect(r.branch!.points.length).toBe(51);
  });

  it('stops at maxPoints per direction', () => {
    const r = runContinuation(model, { ...req, settings: { ...req.settings, maxPoints: 10 } });
    expect(r.branch!.points).toHaveLength(21);
    expect(r.branch!.ends.map((e) => e.reason)).toEqual(['maxPoints', 'maxPoints']);
  });

  it('throws ContinuationRequestError on an invalid request (a caller bug)', () => {
    expect(() => runContinuation(model, { ...req, param: 'nope' })).toThrow(ContinuationRequestError);
  });
});
