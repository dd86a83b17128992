/**
 * The cycle job: its request checks field by field (@shared/cycles/validate through the registry's
 * JOB_CHECKS), the engine entry (../../../src-main/engine/run-cycle-request.ts: labels, ends, the
 * shared shape) and the registry's worker path (progress in words, the family so far, cancel).
 */
import { describe, expect, it } from 'vitest';
import type { CycleRequest } from '@shared/cycles/types';
import { JOB_CHECKS } from '../../../src-main/engine/job-checks';
import { runCycleRequest } from '../../../src-main/engine/run-cycle-request';
import { serveJob } from '../../../src-main/engine/worker';
import type { WorkerReply } from '../../../src-main/engine/worker-protocol';
import { ikNodimHb1 } from './fixtures/ik-nodim-hb1';

const { branch, hb } = ikNodimHb1();

const request = (): CycleRequest => ({
  model: 'ik_nodim',
  param: 'g',
  values: { I_ext: 0.15 },
  start: { label: 'HB1', state: hb.x.slice(), p: hb.p, omega: hb.omega! },
  bounds: [0, 3],
  settings: {},
});

/** The fields JOB_CHECKS.cycle names for `req` (null: accepted). */
function fieldsOf(req: unknown): string[] | null {
  const e = JOB_CHECKS.cycle(req);
  return e === null ? null : (e.issues ?? []).map((i) => i.field);
}

describe('cycle request checks', () => {
  it('accepts a request from a Hopf point of the branch', () => {
    expect(fieldsOf(request())).toBeNull();
    expect(fieldsOf({ ...request(), ntst: 40, ncol: 5, at: [1.5], settings: { maxPoints: 50 } })).toBeNull();
  });

  it('names the field at fault, one issue per problem', () => {
    const r = request();
    const cases: [unknown, string[]][] = [
      [null, ['request']],
      [{ ...r, model: 3 }, ['model']],
      [{ ...r, param: 'nope' }, ['param']],
      [{ ...r, values: { tau: 'x' } }, ['values.tau']],
      [{ ...r, values: { nope: 1 } }, ['values.nope']],
      [{ ...r, values: { I_ext: Number.NaN } }, ['values.I_ext']],
      [{ ...r, start: { ...r.start, label: '' } }, ['start.label']],
      [{ ...r, start: { ...r.start, state: [1, 2] } }, ['start.state']],
      [{ ...r, start: { ...r.start, state: [1, Number.POSITIVE_INFINITY, 3, 4] } }, ['start.state[1]']],
      [{ ...r, start: { ...r.start, omega: 0 } }, ['start.omega']],
      [{ ...r, start: { ...r.start, omega: undefined } }, ['start.omega']],
      [{ ...r, start: { ...r.start, p: Number.NaN } }, ['start.p']],
      [{ ...r, bounds: [3, 0] }, ['bounds']],
      [{ ...r, bounds: [1, 3] }, ['bounds']],
      [{ ...r, bounds: [0] }, ['bounds']],
      [{ ...r, at: [5] }, ['at[0]']],
      [{ ...r, at: [1, 'x'] }, ['at']],
      [{ ...r, ntst: 1 }, ['ntst']],
      [{ ...r, ntst: 10.5 }, ['ntst']],
      [{ ...r, ncol: 8 }, ['ncol']],
      [{ ...r, ncol: '4' }, ['ncol']],
      [{ ...r, settings: { dsMax: -1 } }, ['settings.dsMax']],
      [{ ...r, settings: { nope: 1 } }, ['settings.nope']],
      [{ ...r, settings: undefined }, ['settings']],
      [{ ...r, ntst: 0, ncol: 1, at: [-1] }, ['at[0]', 'ntst', 'ncol']],
    ];
    for (const [req, fields] of cases) expect([req, fieldsOf(req)]).toEqual([req, fields]);
  });

  it('refuses a request of an unknown model by name', () => {
    const e = JOB_CHECKS.cycle({ ...request(), model: 'nope' });
    expect(e?.message).toMatch(/nope/);
  });
});

describe('the cycle job', () => {
  const outcome = runCycleRequest(request(), { isCancelled: () => false, onProgress: () => undefined });

  it('gives the shared family: from, labels per type, both ends, one multiplier per state', () => {
    expect(outcome.ok).toBe(true);
    const result = outcome.ok ? outcome.result : null;
    const b = result!.branch!;
    expect(result!.status).toBe('ok');
    expect(b.from).toBe('HB1');
    expect(b.stateNames).toEqual(['r', 'v', 'u', 's']);
    expect(b.special.map((s) => s.label)).toEqual(['LPC1']);
    expect(b.ends[0]).toMatchObject({ reason: 'hopf', p: hb.p });
    expect(b.ends[1].reason).toBe('hopf');
    const hb2 = branch.special.find((s) => s.label === 'HB2')!;
    expect(Math.abs(b.ends[1].p! - hb2.p)).toBeLessThan(1e-5);
    for (const q of b.points) {
      expect(q.multipliers).toHaveLength(4);
      for (let k = 0; k < 4; k++) expect(q.min[k]).toBeLessThanOrEqual(q.max[k]);
    }
    expect(result!.stats.points).toBe(b.points.length);
  });

  it('labels user points UZ1, UZ2 in order along the family, where it passes each value', () => {
    const r = runCycleRequest({ ...request(), at: [1.5, 2] }, { isCancelled: () => false, onProgress: () => undefined });
    const b = r.ok ? r.result.branch! : null;
    const uz = b!.special.filter((s) => s.type === 'UZ');
    // The family passes g = 1.5 once and g = 2 twice (before and after its fold at g = 2.0218).
    expect(uz.map((s) => [s.label, s.point.p])).toEqual([
      ['UZ1', 1.5],
      ['UZ2', 2],
      ['UZ3', 2],
    ]);
    expect(b!.special.map((s) => s.type)).toEqual(['UZ', 'UZ', 'LPC', 'UZ']);
  });

  it('runs in a worker loop with progress in words, the family so far, and stops when cancelled', () => {
    const replies: WorkerReply[] = [];
    const cancel = new SharedArrayBuffer(4);
    serveJob({ type: 'run', kind: 'cycle', jobId: 'c1', request: request(), cancel }, (r) => {
      replies.push(r);
      // Cancel once the progress line counts a few points.
      if (r.type === 'progress' && Number(/^(\d+) points/.exec(r.detail)?.[1] ?? 0) >= 3) Atomics.store(new Int32Array(cancel), 0, 1);
    });
    const progress = replies.find((r) => r.type === 'progress');
    expect(replies.some((r) => r.type === 'progress' && r.kind === 'cycle' && r.partial !== undefined && r.partial.from === 'HB1')).toBe(true);
    expect(progress?.type === 'progress' && progress.detail).toMatch(/^\d+ points, g = [-\d.e]+$/);
    const last = replies.at(-1)!;
    expect(last.type === 'result' && last.kind === 'cycle').toBe(true);
    const result = last.type === 'result' && last.kind === 'cycle' ? last.result : null;
    expect(result!.status).toBe('cancelled');
    expect(result!.branch!.ends[1].reason).toBe('cancelled');
    expect(result!.branch!.points.length).toBeGreaterThan(1);
    expect(result!.branch!.points.length).toBeLessThan(outcome.ok ? outcome.result.branch!.points.length : 0);
  });
});
