/**
 * The curve job through the job registry's worker path (the engine entry itself is tested in
 * ./curves/run-curve-request.test.ts): progress in words, then the shared curve.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import type { CurveRequest } from '@shared/curves/types';
import { getTemplate } from '@shared/models/templates';
import { serveJob } from '../../../src-main/engine/worker';
import type { WorkerReply } from '../../../src-main/engine/worker-protocol';
import { ikNodimHb1 } from './fixtures/ik-nodim-hb1';

const { hb } = ikNodimHb1();
const eta0 = getTemplate('ik_nodim')!.params.find((p) => p.name === 'eta')!.default;

const request = (): CurveRequest => ({
  model: 'ik_nodim',
  type: 'hopf',
  params: ['g', 'eta'],
  values: { I_ext: 0.15 },
  start: { label: 'HB1', state: hb.x, params: [hb.p, eta0], omega: hb.omega },
  bounds: [
    [0, 3],
    [-1, 1],
  ],
  settings: { ...DEFAULT_CONTINUATION },
});

describe('the curve job', () => {
  it('runs as a job of the registry in a worker loop', () => {
    const replies: WorkerReply[] = [];
    serveJob({ type: 'run', kind: 'curve', jobId: 'k1', request: request(), cancel: new SharedArrayBuffer(4) }, (r) => replies.push(r));
    const last = replies.at(-1)!;
    expect(last.type === 'result' && last.kind === 'curve' && last.result.curve?.from).toBe('HB1');
    const first = replies[0];
    expect(first.type === 'progress' && first.kind === 'curve' && first.detail).toMatch(/^\d+ points, g = [-\d.e]+, eta = [-\d.e]+$/);
  });
});
