/**
 * The cycle job started from a simulated run (@shared/cycles/types CycleOrbitStart): its checks
 * field by field, the family through the seed's oscillating scenario of ik_nodim (g = 1.5) against
 * AUTO-07p (test/fixtures/reference/ik_nodim_cycles_g_Iext0.15.json), the refusals of runs that did
 * not settle on an oscillation as status 'noStart' with the engine's reason, and the worker path
 * (the partial families in the order of the result, cancel).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CycleBranch, CycleRequest } from '@shared/cycles/types';
import { findScenario, scenarioRequest } from '@shared/models/scenarios';
import { JOB_CHECKS } from '../../../src-main/engine/job-checks';
import { runCycleRequest } from '../../../src-main/engine/run-cycle-request';
import { runSimulationRequest } from '../../../src-main/engine/run-request';
import { serveJob } from '../../../src-main/engine/worker';
import type { WorkerReply } from '../../../src-main/engine/worker-protocol';

const ref = JSON.parse(readFileSync(join(__dirname, '../../fixtures/reference/ik_nodim_cycles_g_Iext0.15.json'), 'utf8')) as {
  branch: { data: (number | boolean)[][] };
  special_points: { params: { g: number } }[];
};
const LPC_G = ref.special_points[0].params.g;
const PERIOD_AT_1_5 = ref.branch.data.find((r) => r[0] === 1.5)![1] as number;
const HB1_G = 0.67112371851;
const HB2_G = 1.9887447914;

/** The samples of scenario `name` from time `from` on, as an orbit start. */
function samplesOf(name: string, from: number): { t: number[]; y: number[][]; g: number } {
  const sc = findScenario('ik_nodim', name)!;
  const sim = runSimulationRequest(scenarioRequest(sc), { isCancelled: () => false, onProgress: () => undefined });
  const r = sim.ok ? sim.result : null;
  const k = r!.t.findIndex((t) => t >= from);
  return { t: Array.from(r!.t.subarray(k)), y: r!.columns.map((c) => Array.from(c.subarray(k))), g: sc.params.g };
}

const oscillating = samplesOf('oscillating', 600);
const request = (start: Partial<CycleRequest['start']> = {}, rest: Partial<CycleRequest> = {}): CycleRequest => ({
  model: 'ik_nodim',
  param: 'g',
  values: { g: oscillating.g, I_ext: 0.15 },
  start: { kind: 'orbit', label: 'run 1', t: oscillating.t, y: oscillating.y, p: oscillating.g, ...start } as CycleRequest['start'],
  bounds: [0, 3],
  settings: {},
  ...rest,
});

function fieldsOf(req: unknown): string[] | null {
  const e = JOB_CHECKS.cycle(req);
  return e === null ? null : (e.issues ?? []).map((i) => i.field);
}

describe('checks of a start from a simulated orbit', () => {
  const { t, y } = oscillating;
  it('accepts the run, with plain lists or Float64Arrays, and an explicit window', () => {
    expect(fieldsOf(request())).toBeNull();
    expect(fieldsOf(request({ t: Float64Array.from(t) as unknown as number[], window: 500 }))).toBeNull();
  });

  it('names the field at fault', () => {
    const short = t.slice(0, 10);
    const cases: [Partial<CycleRequest['start']>, string[]][] = [
      [{ kind: 'cycle' as 'orbit' }, ['start.kind']],
      [{ label: ' ' }, ['start.label']],
      [{ t: undefined }, ['start.t']],
      [{ t: ['1'] as unknown as number[] }, ['start.t']],
      [{ y: [1, 2] as unknown as number[][] }, ['start.y']],
      [{ p: undefined }, ['start.p']],
      [{ window: '1' as unknown as number }, ['start.window']],
      [{ t: short, y: y.map((c) => c.slice(0, 10)) }, ['start.t']],
      [{ t: [...t.slice(0, 5), t[3], ...t.slice(6)] }, ['start.t[5]']],
      [{ t: [...t.slice(0, 7), Number.NaN, ...t.slice(8)] }, ['start.t[7]']],
      [{ y: y.slice(0, 3) }, ['start.y']],
      [{ y: [y[0], y[1].slice(1), y[2], y[3]] }, ['start.y[1]']],
      [{ y: [y[0], y[1], y[2], [...y[3].slice(0, 4), Number.POSITIVE_INFINITY, ...y[3].slice(5)]] }, ['start.y[3][4]']],
      [{ p: Number.NaN }, ['start.p']],
      [{ window: 0 }, ['start.window']],
      [{ p: 5 }, ['bounds']],
    ];
    for (const [start, fields] of cases) expect([start, fieldsOf(request(start))]).toEqual([start, fields]);
    expect(JOB_CHECKS.cycle(request({ p: 5 }))?.issues?.[0].message).toMatch(/does not contain the run's g = 5/);
    expect(JOB_CHECKS.cycle(request({ y: y.slice(0, 3) }))?.issues?.[0].message).toMatch(/4 lists of samples, one per state variable \(r, v, u, s\)/);
  });

  it('still takes a Hopf start without kind, or with kind hopf', () => {
    const hopf = { label: 'HB1', state: [0.04, 0.25, 0.1, 0.1], p: 1, omega: 0.05 };
    expect(fieldsOf({ ...request(), start: hopf })).toBeNull();
    expect(fieldsOf({ ...request(), start: { ...hopf, kind: 'hopf' } })).toBeNull();
    expect(fieldsOf({ ...request(), start: { ...hopf, kind: 'hopf', omega: undefined } })).toEqual(['start.omega']);
  });
});

describe('the family through the oscillating scenario (ik_nodim, g = 1.5, I_ext = 0.15)', () => {
  const outcome = runCycleRequest(request(), { isCancelled: () => false, onProgress: () => undefined });
  const result = outcome.ok ? outcome.result : null;
  const b = result!.branch!;

  it('starts at the run: its orbit at g = 1.5 with the period of AUTO-07p', () => {
    expect(result!.status).toBe('ok');
    expect(b.from).toBe('run 1');
    const start = b.points[b.startIndex!];
    expect(start.p).toBe(1.5);
    expect(start.stable).toBe(true);
    expect(Math.abs(start.period / PERIOD_AT_1_5 - 1)).toBeLessThan(1e-7);
    expect(start.orbit!.length).toBe((b.ntst * b.ncol + 1) * 5);
  });

  it('is continued both ways: from near HB1 through the run and the fold of cycles back to HB2', () => {
    expect(b.startIndex).toBeGreaterThan(3);
    expect(b.startIndex).toBeLessThan(b.points.length - 3);
    expect(b.ends[0].reason).toBe('hopf');
    expect(b.ends[1].reason).toBe('hopf');
    expect(Math.abs(b.ends[0].p! - HB1_G)).toBeLessThan(1e-5);
    expect(Math.abs(b.ends[1].p! - HB2_G)).toBeLessThan(1e-5);
    expect(b.points[0].p).toBeLessThan(1.5);
    for (let i = 1; i <= b.startIndex!; i++) expect(b.points[i].p).toBeGreaterThan(b.points[i - 1].p);
    expect(b.special.map((s) => s.label)).toEqual(['LPC1']);
    expect(Math.abs(b.special[0].point.p - LPC_G)).toBeLessThan(1e-6);
    expect(b.special[0].index).toBeGreaterThan(b.startIndex!);
    expect(result!.message).toMatch(/through the simulated orbit at g = 1.5/);
  });
});

describe('runs that did not settle on an oscillation', () => {
  it('a steady run (the asynchronous scenario, g = 0.5) is refused with the reason', () => {
    const steady = samplesOf('asynchronous', 600);
    const out = runCycleRequest(request({ t: steady.t, y: steady.y, p: steady.g }, { values: { g: steady.g, I_ext: 0.15 } }), {
      isCancelled: () => false,
      onProgress: () => undefined,
    });
    const r = out.ok ? out.result : null;
    expect(r!.status).toBe('noStart');
    expect(r!.branch).toBeNull();
    expect(r!.message).toMatch(/settles on a steady state/);
  });

  it('samples over a fraction of a period say to simulate longer', () => {
    const n = oscillating.t.length;
    const tail = (c: number[]) => c.slice(n - 1001);
    const out = runCycleRequest(request({ t: tail(oscillating.t), y: oscillating.y.map(tail) }), { isCancelled: () => false, onProgress: () => undefined });
    const r = out.ok ? out.result : null;
    expect(r!.status).toBe('noStart');
    // Ten periods of 10 time units: the window of 100 holds half a period of about 200.
    expect(r!.message).toMatch(/Poincaré section only \d time/);
    expect(r!.message).toMatch(/10 times the 10 time units the samples of run 1 cover: simulate longer/);
  });
});

describe('the job from a run in a worker loop', () => {
  it('sends the family so far in the order of the result, from the run, and stops when cancelled', () => {
    const replies: WorkerReply[] = [];
    const cancel = new SharedArrayBuffer(4);
    serveJob({ type: 'run', kind: 'cycle', jobId: 'o1', request: request(), cancel }, (r) => {
      replies.push(r);
      if (r.type === 'progress' && Number(/^(\d+) points/.exec(r.detail)?.[1] ?? 0) >= 40) Atomics.store(new Int32Array(cancel), 0, 1);
    });
    const partials = replies.flatMap((r) => (r.type === 'progress' && r.kind === 'cycle' && r.partial !== undefined ? [r.partial as CycleBranch] : []));
    expect(partials.length).toBeGreaterThan(0);
    for (const p of partials) {
      expect(p.from).toBe('run 1');
      // Joined: the half toward smaller g reversed, so g rises up to the run's orbit at 1.5.
      const k = p.points.findIndex((q) => q.p === 1.5);
      expect(k).toBeGreaterThanOrEqual(0);
      for (let i = 1; i <= k; i++) expect(p.points[i].p).toBeGreaterThan(p.points[i - 1].p);
      expect(p.points.filter((q) => q.p === 1.5)).toHaveLength(1);
    }
    const last = replies.at(-1)!;
    const result = last.type === 'result' && last.kind === 'cycle' ? last.result : null;
    expect(result!.status).toBe('cancelled');
    expect(result!.branch!.points.length).toBeGreaterThanOrEqual(40);
    expect(result!.branch!.points[result!.branch!.startIndex!].p).toBe(1.5);
  });
});
