/**
 * The curve job's engine entry: untrusted requests refused field by field, a valid one traced into
 * the shared curve (labels, start, ends), its growing partial curve kept in order along the curve,
 * and the job registry's worker path delivering it.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import type { Curve, CurveRequest } from '@shared/curves/types';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../src-main/engine/compile';
import { runContinuation } from '../../../src-main/engine/continuation/run';
import { runCurveRequest } from '../../../src-main/engine/run-curve-request';
import { serveJob } from '../../../src-main/engine/worker';
import type { WorkerReply } from '../../../src-main/engine/worker-protocol';

const model = compileModel(getTemplate('ik_nodim')!);
const branch = runContinuation(model, {
  model: 'ik_nodim',
  params: {},
  initial: {},
  inputs: { I_ext: 0.15 },
  param: 'g',
  bounds: [0, 3],
  settings: { ...DEFAULT_CONTINUATION },
}).branch!;
const hb = branch.special.find((s) => s.label === 'HB1')!;
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

const never = { isCancelled: () => false, onProgress: () => undefined };

describe('runCurveRequest', () => {
  it('refuses bad requests naming the field', () => {
    const cases: [unknown, string][] = [
      [null, 'request'],
      [{ ...request(), type: 'cycle' }, 'type'],
      [{ ...request(), params: ['g', 'g'] }, 'params[1]'],
      [{ ...request(), params: ['g', 'nope'] }, 'params[1]'],
      [{ ...request(), values: { I_ext: '0.15' } }, 'values.I_ext'],
      [{ ...request(), values: { tau: -1 } }, 'values.tau'],
      [{ ...request(), start: { ...request().start, state: [1, 2] } }, 'start.state'],
      [{ ...request(), start: { ...request().start, omega: undefined } }, 'start.omega'],
      [
        {
          ...request(),
          bounds: [
            [0, 3],
            [1, -1],
          ],
        },
        'bounds[1]',
      ],
      [
        {
          ...request(),
          bounds: [
            [2, 3],
            [-1, 1],
          ],
        },
        'bounds[0]',
      ],
      [{ ...request(), settings: { ...DEFAULT_CONTINUATION, dsMax: -1 } }, 'settings.dsMax'],
      [{ ...request(), settings: { bogus: 1 } }, 'settings.bogus'],
      [{ ...request(), at: [5] }, 'at[0]'],
    ];
    for (const [bad, field] of cases) {
      const out = runCurveRequest(bad, never);
      expect(out.ok, field).toBe(false);
      if (!out.ok)
        expect(
          out.error.issues?.map((i) => i.field),
          field,
        ).toContain(field);
    }
  });

  it('traces the Hopf curve into the shared form, its partial curve in order along it', () => {
    const partials: number[] = [];
    let last: Curve | null = null;
    const out = runCurveRequest(request(), {
      ...never,
      onPartial: (c) => {
        partials.push(c.points.length);
        last = c;
      },
    });
    if (!out.ok) throw new Error(out.error.message);
    const curve = out.result.curve!;
    expect(out.result.status).toBe('ok');
    expect(curve.from).toBe('HB1');
    expect(curve.params).toEqual(['g', 'eta']);
    expect(curve.stateNames).toEqual(getTemplate('ik_nodim')!.states.map((s) => s.name));
    expect(curve.points[curve.startIndex].params[0]).toBeCloseTo(hb.p, 8);
    // Labels are numbered per type in order along the curve.
    const seen = new Map<string, number>();
    for (const s of curve.special) {
      seen.set(s.type, (seen.get(s.type) ?? 0) + 1);
      expect(s.label).toBe(`${s.type}${seen.get(s.type)}`);
    }
    // The last partial curve is the final one without its start point, in the same order.
    const p = last as unknown as Curve;
    expect(p.points.length).toBe(curve.points.length - 1);
    expect(p.points[p.startIndex - 1]).toEqual(curve.points[curve.startIndex - 1]);
    expect(p.points[p.startIndex]).toEqual(curve.points[curve.startIndex + 1]);
    expect(partials.length).toBe(curve.points.length - 1);
  });

  it('runs as a job of the registry in a worker loop', () => {
    const replies: WorkerReply[] = [];
    serveJob({ type: 'run', kind: 'curve', jobId: 'k1', request: request(), cancel: new SharedArrayBuffer(4) }, (r) => replies.push(r));
    const last = replies.at(-1)!;
    expect(last.type === 'result' && last.kind === 'curve' && last.result.curve?.from).toBe('HB1');
    const first = replies[0];
    expect(first.type === 'progress' && first.kind === 'curve' && first.detail).toMatch(/^\d+ points, g = [-\d.e]+, eta = [-\d.e]+$/);
  });
});
