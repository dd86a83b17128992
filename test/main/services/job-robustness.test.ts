/**
 * The shell keeps running when an engine worker fails: an uncaught exception in a worker thread,
 * or a thread that stops dead holding a job, is reported to main's log hook; the job it held fails
 * with a message the user sees; the next job runs on a fresh worker. (An exception inside a job is
 * that job's failure, see jobs.test.ts, serveJob.) Jobs of a reloaded page are stopped by cancelAll.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobPoll } from '@shared/api';
import { DEFAULT_SOLVER, type SimulationRequest } from '@shared/simulation/types';
import { JobService } from '../../../src-main/services/jobs';
import { ensureBuild, WORKER_JS } from '../ensure-build';

const request = (model = 'ik_nodim', tEnd = 10): SimulationRequest => ({
  model,
  params: {},
  initial: {},
  inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [] } },
  solver: { ...DEFAULT_SOLVER, tEnd, sample: 1 },
});

async function settle(jobs: JobService, id: string): Promise<JobPoll> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    const p = jobs.poll(id);
    if (p.state !== 'running') return p;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`job ${id} did not finish`);
}

let tmp = '';
beforeAll(() => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'meanfield-robust-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('an engine worker that fails', () => {
  // The real worker behind a listener (registered first) that misbehaves on marked requests:
  // g = 1.2345 -> throws 50 ms later, when the thread is idle again (an uncaught exception);
  // g = 2.345  -> the thread stops dead while it holds the job.
  let jobs: JobService;
  const logged: string[] = [];
  beforeAll(() => {
    const hook = join(tmp, 'fail-hook.mjs');
    writeFileSync(
      hook,
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (m) => {
  const g = m?.request?.params?.g;
  if (g === 1.2345) setTimeout(() => { throw new Error('engine state corrupted'); }, 50);
  if (g === 2.345) process.exit(3);
});
`,
    );
    const entry = join(tmp, 'failing-worker.mjs');
    writeFileSync(entry, `import './fail-hook.mjs';\nimport ${JSON.stringify(pathToFileURL(WORKER_JS).href)};\n`);
    jobs = new JobService({ workerPath: entry, poolSize: 1, onWorkerError: (m) => void logged.push(m) });
  });
  afterAll(() => jobs.dispose());

  const withG = (g: number): SimulationRequest => ({ ...request(), params: { g } });

  it('an uncaught exception in an idle worker is logged; no job is lost; a fresh worker serves the next', async () => {
    const first = jobs.start(withG(1.2345));
    const p = await settle(jobs, first);
    expect(p.state === 'finished' && p.result.status, JSON.stringify(p).slice(0, 300)).toBe('ok');
    for (const deadline = Date.now() + 10_000; logged.length === 0 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 10));
    expect(logged).toEqual([expect.stringMatching(/^An engine worker failed: engine state corrupted$/)]);
    for (const deadline = Date.now() + 10_000; jobs.workerCount > 0 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 10));
    expect(jobs.workerCount).toBe(0); // the dead thread left the pool
    const next = jobs.start(request());
    const q = await settle(jobs, next);
    expect(q.state === 'finished' && q.result.status).toBe('ok');
    expect(jobs.workerCount).toBe(1);
  });

  it('a worker that dies holding a job fails that job with a message, is logged and replaced', async () => {
    logged.length = 0;
    const doomed = jobs.start(withG(2.345));
    const p = await settle(jobs, doomed);
    expect(p.state).toBe('failed');
    if (p.state === 'failed') expect(p.error.message).toMatch(/stopped unexpectedly \(exit code 3\).*run it again/);
    expect(logged).toEqual([expect.stringMatching(/stopped unexpectedly \(exit code 3\) running job-/)]);
    const next = jobs.start(request());
    const q = await settle(jobs, next);
    expect(q.state === 'finished' && q.result.status).toBe('ok');
  });
});

describe('cancelAll', () => {
  it('stops running and queued jobs, which end cancelled', async () => {
    const jobs = new JobService({ workerPath: WORKER_JS, poolSize: 1 });
    try {
      const a = jobs.start(request('ik_nodim', 1e6));
      const b = jobs.start(request('ik_nodim', 1e6));
      expect(jobs.cancelAll()).toBe(2);
      for (const id of [a, b]) {
        const p = await settle(jobs, id);
        expect(p.state === 'finished' && p.result.status, id).toBe('cancelled');
      }
      expect(jobs.cancelAll()).toBe(0);
    } finally {
      await jobs.dispose();
    }
  });
});
