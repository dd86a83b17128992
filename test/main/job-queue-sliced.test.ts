/**
 * The CLI's in-process runner of cycle families (src-main/cli/job-queue.ts runSliced): the family
 * is traced a slice at a time with the event loop turning in between, so a Ctrl+C (SIGINT) that
 * arrives while it is traced ends it with its points so far and the next request is not started;
 * and a family traced so is the family traced straight through (src-main/engine/continuation/steps.ts).
 */
import { describe, expect, it } from 'vitest';
import { runSliced } from '../../src-main/cli/job-queue';
import { cycleRequestSteps, runCycleRequest } from '../../src-main/engine/run-cycle-request';
import { ikNodimHb1CycleRequest } from './engine/fixtures/ik-nodim-hb1';

describe('runSliced (in-process cycle families)', () => {
  it('gives the family traced straight through, point for point, with progress in words', async () => {
    const request = ikNodimHb1CycleRequest(30);
    const straight = runCycleRequest(request, { isCancelled: () => false, onProgress: () => undefined });
    const details: string[] = [];
    const { runs, interrupted } = await runSliced<'cycle'>(
      [request],
      (r, isCancelled, progress) => cycleRequestSteps(r, { isCancelled, onProgress: (info) => progress(`${info.points} points`) }),
      { onProgress: (i, detail) => details.push(`${i}: ${detail}`) },
    );
    expect(interrupted).toBe(false);
    const run = runs[0];
    if (!('result' in run) || !straight.ok) throw new Error('expected two traced families');
    const pts = (b: typeof run.result.branch) => b?.points.map((q) => [q.p, q.period, q.multipliers]);
    expect(run.result.status).toBe('ok');
    expect(pts(run.result.branch)).toEqual(pts(straight.result.branch));
    expect(run.result.branch?.special.map((s) => [s.label, s.point.p])).toEqual(straight.result.branch?.special.map((s) => [s.label, s.point.p]));
    expect(details.length).toBeGreaterThan(0);
    expect(details[details.length - 1]).toBe(`0: ${run.result.branch?.points.length} points`);
  });

  it('ends the family being traced at a Ctrl+C with its points so far and starts no other', async () => {
    let sent = false;
    let startedSecond = false;
    const requests = [ikNodimHb1CycleRequest(80), ikNodimHb1CycleRequest(40)];
    const { runs, interrupted } = await runSliced<'cycle'>(
      requests,
      (r, isCancelled, progress) => {
        if (r === requests[1]) startedSecond = true;
        return cycleRequestSteps(r, { isCancelled, onProgress: (info) => progress(String(info.points)) });
      },
      {
        // A Ctrl+C delivered as the process delivers it: on a turn of the event loop after the
        // family has grown past its start. Without turns between slices it would come too late.
        onProgress: (_i, detail) => {
          if (sent || Number(detail) < 3) return;
          sent = true;
          setImmediate(() => process.emit('SIGINT'));
        },
      },
    );
    expect(sent).toBe(true);
    expect(interrupted).toBe(true);
    expect(startedSecond).toBe(false);
    expect(runs).toHaveLength(1);
    const run = runs[0];
    if (!('result' in run)) throw new Error(run.error);
    expect(run.result.status).toBe('cancelled');
    expect(run.result.branch?.ends[1].reason).toBe('cancelled');
    const n = run.result.branch?.points.length ?? 0;
    expect(n).toBeGreaterThanOrEqual(3);
    // The whole family has 79 points at this mesh: the Ctrl+C stopped it well before its end.
    expect(n).toBeLessThan(40);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});
