/**
 * The 'network' job kind: through the worker loop body (serveJob, on this thread and with the
 * network's own threads) and through the JobService's engine workers, against simulateNetwork
 * called directly (the same numbers, bit for bit); cancelling keeps the samples so far.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobPoll } from '@shared/api';
import type { NetworkRequest, NetworkResult } from '@shared/network/types';
import { DEFAULT_SOLVER } from '@shared/simulation/types';
import { simulateNetwork } from '../../../src-main/engine/network/simulate-network';
import { serveJob } from '../../../src-main/engine/worker';
import type { WorkerReply } from '../../../src-main/engine/worker-protocol';
import { JobService } from '../../../src-main/services/jobs';
import { ensureBuild, ROOT, WORKER_JS } from '../ensure-build';

const NETWORK_WORKER_JS = join(ROOT, 'out/main/network-worker.js');

/** The seed's scenario of ik_nodim (I_ext = 0.15, off on [400, 600) scaled to tEnd) as a network of `neurons`. */
function networkRequest(neurons: number, tEnd: number, extra: Partial<NetworkRequest['network']> = {}): NetworkRequest {
  return {
    model: 'ik_nodim',
    params: { g: 1.5 },
    initial: {},
    inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 0.4 * tEnd, stop: 0.6 * tEnd, value: 0 }] } },
    solver: { ...DEFAULT_SOLVER, method: 'euler', dt: 1e-3, tEnd, sample: 0.1 },
    network: { neurons, recovery: 'shared', rasterNeurons: 20, ...extra },
  };
}

function expectSame(a: NetworkResult, b: NetworkResult): void {
  expect(a.status).toBe(b.status);
  expect(Array.from(a.t)).toEqual(Array.from(b.t));
  a.columns.forEach((c, i) => expect(Array.from(c)).toEqual(Array.from(b.columns[i])));
  expect(Array.from(a.raster!.neuron)).toEqual(Array.from(b.raster!.neuron));
  expect(Array.from(a.raster!.time)).toEqual(Array.from(b.raster!.time));
}

function resultOf(replies: WorkerReply[]): NetworkResult {
  const last = replies.at(-1);
  if (last?.type !== 'result' || last.kind !== 'network') throw new Error(`expected a network result, got ${JSON.stringify(last).slice(0, 300)}`);
  return last.result;
}

beforeAll(() => ensureBuild());

describe('serveJob for a network', () => {
  const request = networkRequest(1500, 20);
  const direct = simulateNetwork(request);

  it('runs on this thread without a network worker script, with progress in network time', () => {
    const replies: WorkerReply[] = [];
    const done = serveJob({ type: 'run', kind: 'network', jobId: 'n1', request, cancel: new SharedArrayBuffer(4) }, (r) => replies.push(r));
    expect(done).toBeUndefined();
    expectSame(resultOf(replies), direct);
    expect(direct.raster!.time.length).toBeGreaterThan(0);
  });

  it('runs on the network threads when given the script, awaiting them', async () => {
    const replies: WorkerReply[] = [];
    const transfers: (ArrayBuffer[] | undefined)[] = [];
    const done = serveJob(
      { type: 'run', kind: 'network', jobId: 'n2', request, cancel: new SharedArrayBuffer(4) },
      (r, transfer) => {
        replies.push(r);
        transfers.push(transfer);
      },
      undefined,
      { networkWorkerPath: NETWORK_WORKER_JS, networkThreads: 2 },
    );
    expect(done).toBeInstanceOf(Promise);
    await done;
    const result = resultOf(replies);
    expect(result.stats.threads).toBe(2);
    expectSame(result, direct);
    expect(transfers.at(-1)).toContain(result.raster!.time.buffer);
  });

  it('refuses a model without a network and bad settings, naming the field', () => {
    const replies: WorkerReply[] = [];
    const cancel = new SharedArrayBuffer(4);
    serveJob({ type: 'run', kind: 'network', jobId: 'n3', request: { ...request, network: { neurons: 0, recovery: 'both' } }, cancel }, (r) => replies.push(r));
    serveJob({ type: 'run', kind: 'network', jobId: 'n4', request: { ...request, model: 'jansen_rit' }, cancel }, (r) => replies.push(r));
    const [bad, noNet] = replies.filter((r) => r.type === 'failed');
    expect(bad?.type === 'failed' && bad.error.issues?.map((i) => i.field)).toEqual(['network.neurons', 'network.recovery']);
    expect(noNet?.type === 'failed' && noNet.error.issues?.map((i) => i.field)).toEqual(['model']);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('JobService with a network job', () => {
  const jobs = new JobService({ workerPath: WORKER_JS, networkThreads: 2 });
  afterAll(() => jobs.dispose());

  async function settle(id: string, onRunning?: (p: JobPoll) => void): Promise<{ final: JobPoll; seen: JobPoll[] }> {
    const seen: JobPoll[] = [];
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`job ${id} did not finish`);
      const p = jobs.poll(id);
      if (p.state !== 'running') return { final: p, seen };
      seen.push(p);
      onRunning?.(p);
      await sleep(5);
    }
  }

  it('finishes with the same numbers as simulateNetwork, reporting progress in network time', async () => {
    const request = networkRequest(2000, 100);
    const { final, seen } = await settle(jobs.start(request, 'network'));
    if (final.state !== 'finished' || final.kind !== 'network') throw new Error(JSON.stringify(final).slice(0, 300));
    expectSame(final.result, simulateNetwork(request));
    expect(final.result.stats.threads).toBe(2);
    expect(seen.some((p) => p.state === 'running' && /^t = [\d.]+ of 100$/.test(p.detail))).toBe(true);
  });

  it('cancelled, keeps the samples computed so far (a prefix of the full run)', async () => {
    const request = networkRequest(2000, 400);
    const id = jobs.start(request, 'network');
    let cancelled = false;
    const { final } = await settle(id, (p) => {
      if (!cancelled && p.state === 'running' && p.fraction > 0.05) {
        cancelled = true;
        jobs.cancel(id);
      }
    });
    if (final.state !== 'finished' || final.kind !== 'network') throw new Error(JSON.stringify(final).slice(0, 300));
    const r = final.result;
    expect(r.status).toBe('cancelled');
    expect(r.t.length).toBeGreaterThan(10);
    expect(r.t.length).toBeLessThan(4001);
    const full = simulateNetwork({ ...request, solver: { ...request.solver, tEnd: r.t[r.t.length - 1] }, inputs: request.inputs });
    expect(Array.from(r.columns[0])).toEqual(Array.from(full.columns[0]).slice(0, r.t.length));
  });
});
