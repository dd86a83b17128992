/**
 * `meanfield run`'s comparison of stored and re-computed results: each column against its own
 * scale, cancelled runs and branches compared over what they stored.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import type { SimulationResult } from '@shared/simulation/types';
import { compareBranch, compareSimulation, RERUN_REL_TOL } from '../../src-main/cli/project';
import { compileModel } from '../../src-main/engine/compile';
import { runContinuation } from '../../src-main/engine/continuation/run';
import { simulate } from '../../src-main/engine/simulate';
import { branch, nodimRequest } from '../shared/project/helpers';

const nodim = compileModel(getTemplate('ik_nodim')!);

/** The run of nodimRequest(1.5), cancelled at the `cancelAfter`-th check when given. */
function runOf(cancelAfter = Infinity): SimulationResult {
  let calls = 0;
  return simulate(nodim, nodimRequest(1.5, { method: 'rk4' }), { onProgress: () => {}, isCancelled: () => ++calls > cancelAfter });
}

const copy = (r: SimulationResult): SimulationResult => ({ ...r, t: r.t.slice(), columns: r.columns.map((c) => c.slice()) });
const maxAbs = (c: Float64Array) => c.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('re-run comparison of simulations', () => {
  const fresh = runOf();

  it('a re-run matches exactly; each column is judged against its own scale', () => {
    const same = compareSimulation(copy(fresh), fresh);
    expect(same).toMatchObject({ matches: true, maxAbsDiff: 0 });
    // r is ~100x smaller than t: an error of 1e-7 relative to r must show, though it is far below
    // 1e-6 of the largest value of the run.
    const j = fresh.names.indexOf('r');
    const stored = copy(fresh);
    const scale = maxAbs(stored.columns[j]);
    expect(scale).toBeLessThan(0.02 * Math.max(maxAbs(stored.t), ...stored.columns.map(maxAbs)));
    const delta = 1e-7 * scale;
    stored.columns[j][40] += delta;
    const c = compareSimulation(stored, fresh);
    expect(c.matches).toBe(false);
    expect(c.column).toBe('r');
    expect(Math.abs(c.maxAbsDiff / delta - 1)).toBeLessThan(1e-6); // delta up to the rounding of the sum
    expect(c.tolerance).toBe(RERUN_REL_TOL * (1 + scale));
    // Within the tolerance: still a match.
    const close = copy(fresh);
    close.columns[j][40] += 0.5 * RERUN_REL_TOL * (1 + scale);
    expect(compareSimulation(close, fresh).matches).toBe(true);
  });

  it("a run stored as cancelled matches when its samples are the re-run's first ones", () => {
    const cancelled = runOf(2);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.t.length).toBeGreaterThan(0);
    expect(cancelled.t.length).toBeLessThan(fresh.t.length);
    const c = compareSimulation(cancelled, fresh);
    expect(c).toMatchObject({ matches: true, maxAbsDiff: 0 });
    expect(c.note).toBe(
      `stored run was cancelled after ${cancelled.t.length} samples; the re-run (ok, ${fresh.t.length} samples) was compared over those ${cancelled.t.length}`,
    );
    const tampered = copy(cancelled);
    tampered.columns[1][tampered.t.length - 1] += 1e-3;
    expect(compareSimulation(tampered, fresh)).toMatchObject({ matches: false, column: 'v' });
    // A finished run stored with another status or length still differs.
    expect(compareSimulation(fresh, cancelled).matches).toBe(false);
  });
});

describe('re-run comparison of branches', () => {
  const { request } = branch(1); // g in [0, 3] from g = 1.5, default settings
  const fresh = runContinuation(nodim, request, {});

  it('a re-run matches; a moved point is found in its column', () => {
    expect(compareBranch(fresh, runContinuation(nodim, request, {}))).toMatchObject({ matches: true });
    const stored = runContinuation(nodim, request, {});
    stored.branch!.points[5].x[0] += 1e-6;
    expect(compareBranch(stored, fresh)).toMatchObject({ matches: false, column: 'r' });
  });

  it('a branch stored as cancelled is compared with the re-run at the same places', () => {
    // Cancelled while tracing the first direction, and while tracing the second. The start search
    // polls too (how often depends on how the start is found), so count back from the last poll:
    // the trace polls at least once per point, the first direction before the second.
    let total = 0;
    runContinuation(nodim, request, { isCancelled: () => ++total < 0 });
    const starts = new Set<number>();
    for (const after of [total - 200, total - 30]) {
      let calls = 0;
      const cancelled = runContinuation(nodim, request, { isCancelled: () => ++calls > after });
      expect(cancelled.status).toBe('cancelled');
      const n = cancelled.branch!.points.length;
      starts.add(cancelled.branch!.startIndex);
      expect(n).toBeLessThan(fresh.branch!.points.length);
      const c = compareBranch(cancelled, fresh);
      expect(c.matches).toBe(true);
      expect(c.maxAbsDiff).toBe(0);
      expect(c.note).toMatch(new RegExp(`^stored branch was cancelled after ${n} points`));
      cancelled.branch!.points[n - 1].p += 1e-3;
      expect(compareBranch(cancelled, fresh)).toMatchObject({ matches: false, column: 'g' });
    }
    expect(starts.size).toBe(2);
  });
});
