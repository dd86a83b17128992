import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobPoll } from '@shared/api';
import { getTemplate } from '@shared/models/templates';
import type { SimulationRequest, SimulationResult } from '@shared/simulation/types';
import { DEFAULT_SOLVER } from '@shared/simulation/types';
import type { ContinuationRequest } from '@shared/continuation/types';
import { compileModel } from '../../../src-main/engine/compile';
import { runContinuation } from '../../../src-main/engine/continuation/run';
import { simulate } from '../../../src-main/engine/simulate';
import { serveJob } from '../../../src-main/engine/worker';
import { ENGINE_JOBS } from '../../../src-main/engine/job-kinds';
import type { WorkerReply } from '../../../src-main/engine/worker-protocol';
import { JobService } from '../../../src-main/services/jobs';
import { runCycleRequest } from '../../../src-main/engine/run-cycle-request';
import { ensureBuild, WORKER_JS } from '../ensure-build';
import { ikNodimBranchRequest, ikNodimHb1CycleRequest } from '../engine/fixtures/ik-nodim-hb1';

/** The seed's scenario (ik_nodim, I_ext = 0.15 except 0 on [400, 600)), with solver overrides. */
function seedRequest(solver: Partial<SimulationRequest['solver']> = {}, params: Record<string, number> = {}): SimulationRequest {
  return {
    model: 'ik_nodim',
    params,
    initial: {},
    inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] } },
    solver: { ...DEFAULT_SOLVER, ...solver },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until the job leaves 'running'; returns the final poll and every running poll seen. */
async function settle(jobs: JobService, id: string, everyMs = 2): Promise<{ final: JobPoll; seen: JobPoll[] }> {
  const seen: JobPoll[] = [];
  const deadline = Date.now() + 50_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`job ${id} did not finish`);
    const p = jobs.poll(id);
    if (p.state !== 'running') return { final: p, seen };
    seen.push(p);
    await sleep(everyMs);
  }
}

function finished(p: JobPoll): SimulationResult {
  if (p.state !== 'finished' || p.kind !== 'simulation') throw new Error(`expected a finished simulation, got ${JSON.stringify(p).slice(0, 300)}`);
  return p.result;
}

let tmp = '';
beforeAll(() => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'meanfield-jobs-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('JobService with real engine workers', () => {
  const jobs = new JobService({ workerPath: WORKER_JS });
  afterAll(() => jobs.dispose());

  it('runs the seed scenario off-thread, reports progress, and returns what an in-process run returns', async () => {
    const request = seedRequest({ tEnd: 3000, dt: 5e-4, sample: 0.1 }, { g: 1.5 });
    const id = jobs.start(request);
    const { final, seen } = await settle(jobs, id);
    const result = finished(final);

    // Progress: fractions never go back, and some report lies strictly inside (0, 1) with a time.
    const fractions = seen.map((p) => (p.state === 'running' ? p.fraction : NaN));
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    const inside = seen.filter((p) => p.state === 'running' && p.fraction > 0 && p.fraction < 1);
    expect(inside.length).toBeGreaterThan(0);
    expect(inside[0].state === 'running' && inside[0].detail).toMatch(/^t = [0-9.e+-]+ of 3000$/);

    // The result crossed the thread boundary intact: identical to the same run in this thread.
    const local = simulate(compileModel(getTemplate('ik_nodim')!), request, { onProgress: () => {}, isCancelled: () => false });
    expect(result.status).toBe('ok');
    expect(result.names).toEqual(['r', 'v', 'u', 's']);
    expect(result.t).toBeInstanceOf(Float64Array);
    expect(result.t.length).toBe(local.t.length);
    expect(result.t).toEqual(local.t);
    result.columns.forEach((c, i) => {
      expect(c).toBeInstanceOf(Float64Array);
      expect(c).toEqual(local.columns[i]);
    });

    // Delivered once, then forgotten.
    expect(jobs.poll(id)).toEqual({ state: 'unknown' });
  });

  it('cancels a long run within 100 ms and keeps the data computed so far', async () => {
    const tEnd = 1e6;
    const id = jobs.start(seedRequest({ tEnd, dt: 5e-4, sample: 1 }));
    // Wait until the integration is under way.
    for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
      const p = jobs.poll(id);
      expect(p.state).toBe('running');
      if (p.state === 'running' && p.fraction > 0) break;
      await sleep(5);
    }
    await sleep(100);
    const t0 = performance.now();
    expect(jobs.cancel(id)).toBe(true);
    let p = jobs.poll(id);
    while (p.state === 'running' && performance.now() - t0 < 10_000) {
      await new Promise((r) => setImmediate(r));
      p = jobs.poll(id);
    }
    const latency = performance.now() - t0;
    expect(latency).toBeLessThan(100);

    const result = finished(p);
    expect(result.status).toBe('cancelled');
    const n = result.t.length;
    expect(n).toBeGreaterThan(1);
    expect(result.t[n - 1]).toBeLessThan(tEnd);
    for (let i = 1; i < n; i++) expect(result.t[i]).toBeCloseTo(i, 6);
    for (const c of result.columns) {
      expect(c.length).toBe(n);
      expect(c.every(Number.isFinite)).toBe(true);
    }
  });

  it('fails a job whose request is invalid, naming the fields', async () => {
    const id = jobs.start(seedRequest({ dt: -1 }, { tau: 0 }));
    const { final } = await settle(jobs, id);
    expect(final.state).toBe('failed');
    if (final.state !== 'failed') return;
    const fields = (final.error.issues ?? []).map((i) => i.field);
    expect(fields).toContain('solver.dt');
    expect(fields).toContain('params.tau');

    const malformed = jobs.start(null as unknown as SimulationRequest);
    const m = (await settle(jobs, malformed)).final;
    expect(m.state).toBe('failed');
    if (m.state === 'failed') expect(m.error.issues?.length).toBeGreaterThan(0);

    const unknownModel = jobs.start({ ...seedRequest(), model: 'nope' });
    const u = (await settle(jobs, unknownModel)).final;
    expect(u.state === 'failed' && u.error.issues?.[0].field).toBe('model');
  });

  it('queues jobs beyond the pool size and runs them all', async () => {
    const small = new JobService({ workerPath: WORKER_JS, poolSize: 1 });
    try {
      const a = small.start(seedRequest({ tEnd: 200, sample: 1 }));
      const b = small.start(seedRequest({ tEnd: 100, sample: 1 }));
      const pb = small.poll(b);
      expect(pb.state === 'running' && pb.detail).toMatch(/waiting/);
      const [ra, rb] = await Promise.all([settle(small, a), settle(small, b)]);
      expect(finished(ra.final).t.length).toBe(201);
      expect(finished(rb.final).t.length).toBe(101);
      expect(small.workerCount).toBe(1);
    } finally {
      await small.dispose();
    }
  });

  it('runs a cycle job on a worker: the family is the one traced in this thread, bit for bit', async () => {
    const request = ikNodimHb1CycleRequest(30);
    const here = runCycleRequest(request, { isCancelled: () => false, onProgress: () => undefined });
    const ahead = new JobService({ workerPath: WORKER_JS, poolSize: 1 });
    try {
      const id = ahead.start(request, 'cycle');
      const p = (await settle(ahead, id)).final;
      if (p.state !== 'finished' || p.kind !== 'cycle' || !here.ok) throw new Error(`expected a finished family, got ${JSON.stringify(p).slice(0, 300)}`);
      const { branch } = p.result;
      expect(branch?.points.length).toBe(here.result.branch?.points.length);
      expect(branch?.points.map((q) => [q.p, q.period, q.multipliers])).toEqual(here.result.branch?.points.map((q) => [q.p, q.period, q.multipliers]));
      expect(branch?.special.map((s) => [s.label, s.point.p])).toEqual(here.result.branch?.special.map((s) => [s.label, s.point.p]));
      expect(ahead.workerCount).toBe(1);
    } finally {
      await ahead.dispose();
    }
  });

  it('drops a result nobody polls after the unclaimed time', async () => {
    const short = new JobService({ workerPath: WORKER_JS, poolSize: 1, unclaimedTtlMs: 20 });
    try {
      const id = short.start(seedRequest({ tEnd: 1, sample: 1 }));
      expect(short.has(id)).toBe(true);
      for (const deadline = Date.now() + 20_000; short.has(id) && Date.now() < deadline;) await sleep(10);
      expect(short.has(id)).toBe(false);
      expect(short.poll(id)).toEqual({ state: 'unknown' });
    } finally {
      await short.dispose();
    }
  });

  it('answers unknown ids', () => {
    expect(jobs.poll('job-999999')).toEqual({ state: 'unknown' });
    expect(jobs.cancel('job-999999')).toBe(false);
  });
});

/** ik_nodim at I_ext = 0.15, g traced over [0, 3]. */
function continuationRequest(over: Partial<ContinuationRequest> = {}): ContinuationRequest {
  return { ...ikNodimBranchRequest(), ...over };
}

describe('continuation jobs', () => {
  const jobs = new JobService({ workerPath: WORKER_JS, poolSize: 1 });
  afterAll(() => jobs.dispose());

  it('traces off-thread and returns what an in-process trace returns, reported as kind continuation', async () => {
    const request = continuationRequest();
    const id = jobs.start(request, 'continuation');
    const { final, seen } = await settle(jobs, id);
    for (const p of seen) expect(p.state === 'running' && p.kind).toBe('continuation');
    if (final.state !== 'finished' || final.kind !== 'continuation') {
      throw new Error(`expected a finished continuation, got ${JSON.stringify(final).slice(0, 300)}`);
    }
    const local = runContinuation(compileModel(getTemplate('ik_nodim')!), request);
    const { stats: _a, ...got } = final.result;
    const { stats: _b, ...want } = local;
    expect(got).toEqual(want);
    expect(final.result.branch?.special.map((s) => s.label)).toEqual(['HB1', 'HB2']);
    expect(jobs.poll(id)).toEqual({ state: 'unknown' });
  });

  it('fails an invalid continuation request naming the fields, and runs simulations alongside', async () => {
    const bad = jobs.start(continuationRequest({ param: 'nope', bounds: [3, 3] }), 'continuation');
    const sim = jobs.start(seedRequest({ tEnd: 10, sample: 1 }));
    const b = (await settle(jobs, bad)).final;
    expect(b.state === 'failed' && b.kind).toBe('continuation');
    if (b.state === 'failed') expect(b.error.issues?.map((i) => i.field)).toContain('param');
    expect(finished((await settle(jobs, sim)).final).t.length).toBe(11);
  });
});

describe('serveJob for a continuation', () => {
  it('posts the first piece of the branch at once, later growth throttled, then the result', () => {
    const replies: WorkerReply[] = [];
    const request = continuationRequest();
    const result = runContinuation(compileModel(getTemplate('ik_nodim')!), request);
    const full = result.branch!;
    const piece = (n: number) => ({ ...full, points: full.points.slice(0, n), special: [] });
    // A stand-in engine that reports progress and two partial branches in quick succession.
    const fake = {
      ...ENGINE_JOBS,
      continuation: {
        run: (_req: unknown, hooks: Parameters<(typeof ENGINE_JOBS)['continuation']['run']>[1]) => {
          hooks.progress(0.1, () => '3 points, g = 0.12346');
          hooks.partial(piece(3));
          hooks.partial(piece(5));
          return { ok: true as const, result };
        },
      },
    };
    serveJob({ type: 'run', kind: 'continuation', jobId: 'c1', request, cancel: new SharedArrayBuffer(4) }, (r) => replies.push(r), fake);
    expect(replies[0]).toEqual({ type: 'progress', jobId: 'c1', kind: 'continuation', fraction: 0.1, detail: '3 points, g = 0.12346' });
    const partials = replies.flatMap((r) => (r.type === 'progress' && r.partial ? [r.partial] : []));
    expect(partials.map((b) => b.points.length)).toEqual([3]);
    expect(replies.at(-1)).toEqual({ type: 'result', jobId: 'c1', kind: 'continuation', result });
  });

  it('traces through the real engine when not given a stand-in', () => {
    const replies: WorkerReply[] = [];
    serveJob({ type: 'run', kind: 'continuation', jobId: 'c3', request: continuationRequest(), cancel: new SharedArrayBuffer(4) }, (r) => replies.push(r));
    const last = replies.at(-1)!;
    expect(last.type === 'result' && last.kind === 'continuation' && last.result.branch?.special.map((s) => s.label)).toEqual(['HB1', 'HB2']);
    const details = replies.flatMap((r) => (r.type === 'progress' ? [r.detail] : []));
    expect(details.length).toBeGreaterThan(0);
    for (const d of details) expect(d).toMatch(/^(finding the starting steady state|[\d,]+ points, g = -?[\d.e+-]+)$/);
  });

  it('reports a cancelled trace with the branch so far', () => {
    const replies: WorkerReply[] = [];
    const cancel = new SharedArrayBuffer(4);
    Atomics.store(new Int32Array(cancel), 0, 1);
    serveJob({ type: 'run', kind: 'continuation', jobId: 'c2', request: continuationRequest(), cancel }, (r) => replies.push(r));
    const last = replies.at(-1)!;
    expect(last.type === 'result' && last.kind === 'continuation' && last.result.status).toBe('cancelled');
  });
});

describe('a worker that dies', () => {
  it('fails its job with a message and is replaced for the next job', async () => {
    // A worker that stops dead on a request for the model '__crash__' and otherwise serves normally.
    // Both modules are imported statically so both listeners exist before the first message.
    const hook = join(tmp, 'crash-hook.mjs');
    writeFileSync(
      hook,
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (m) => { if (m?.request?.model === '__crash__') process.exit(7); });
`,
    );
    const crashing = join(tmp, 'crashing-worker.mjs');
    writeFileSync(crashing, `import './crash-hook.mjs';\nimport ${JSON.stringify(pathToFileURL(WORKER_JS).href)};\n`);
    const jobs = new JobService({ workerPath: crashing, poolSize: 1 });
    try {
      const bad = jobs.start({ ...seedRequest(), model: '__crash__' });
      const { final } = await settle(jobs, bad);
      expect(final.state).toBe('failed');
      if (final.state === 'failed') expect(final.error.message).toMatch(/stopped unexpectedly.*exit code 7/);

      const good = jobs.start(seedRequest({ tEnd: 10, sample: 1 }));
      const result = finished((await settle(jobs, good)).final);
      expect(result.status).toBe('ok');
      expect(result.t.length).toBe(11);
      expect(jobs.workerCount).toBe(1);
    } finally {
      await jobs.dispose();
    }
  });
});

describe('serveJob (the worker loop body)', () => {
  it('reports an exception inside a job as that job failing', () => {
    const replies: WorkerReply[] = [];
    // A cancel buffer of the wrong size makes the cancel check throw inside the integrator.
    serveJob({ type: 'run', kind: 'simulation', jobId: 'j1', request: seedRequest({ tEnd: 10 }), cancel: new SharedArrayBuffer(0) }, (r) => replies.push(r));
    expect(replies.at(-1)).toMatchObject({ type: 'failed', jobId: 'j1' });
    const last = replies.at(-1);
    expect(last?.type === 'failed' && last.error.message).toMatch(/^The simulation failed: /);
  });

  it('transfers each result buffer once', () => {
    const replies: { reply: WorkerReply; transfer?: ArrayBuffer[] }[] = [];
    serveJob(
      { type: 'run', kind: 'simulation', jobId: 'j2', request: seedRequest({ tEnd: 10, sample: 1 }), cancel: new SharedArrayBuffer(4) },
      (reply, transfer) => replies.push({ reply, transfer }),
    );
    const last = replies.at(-1)!;
    expect(last.reply.type).toBe('result');
    if (last.reply.type !== 'result' || last.reply.kind !== 'simulation') return;
    const buffers = [last.reply.result.t, ...last.reply.result.columns].map((a) => a.buffer);
    expect(new Set(last.transfer)).toEqual(new Set(buffers));
    expect(last.transfer!.length).toBe(new Set(buffers).size);
  });
});
