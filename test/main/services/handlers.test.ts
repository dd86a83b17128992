import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, type Api, type JobPoll } from '@shared/api';
import type { JobStart } from '@shared/jobs';
import { TEMPLATES } from '@shared/models/templates';
import type { ContinuationRequest } from '@shared/continuation/types';
import type { SimulationRequest } from '@shared/simulation/types';
import { DEFAULT_SOLVER } from '@shared/simulation/types';
import { safeFileName } from '../../../src-main/services/export-file';
import { createHandlers } from '../../../src-main/services/handlers';
import { JobService } from '../../../src-main/services/jobs';
import { ensureBuild, WORKER_JS } from '../ensure-build';
import { ikNodimBranchRequest } from '../engine/fixtures/ik-nodim-hb1';

const simulationJob = (request: SimulationRequest): JobStart => ({ kind: 'simulation', request });
const continuationJob = (request: ContinuationRequest): JobStart => ({ kind: 'continuation', request });

const valid: SimulationRequest = {
  model: 'ik_nodim',
  params: { g: 1.5 },
  initial: {},
  inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 4, stop: 6, value: 0 }] } },
  solver: { ...DEFAULT_SOLVER, tEnd: 10, sample: 0.1 },
};

/** A nested object deeper than any sane request. */
function deep(levels: number): unknown {
  let x: unknown = {};
  for (let i = 0; i < levels; i++) x = { model: x, params: x };
  return x;
}

/** Inputs a compromised or buggy renderer could send. */
const MALFORMED: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['zero', 0],
  ['NaN', NaN],
  ['huge number', 1e308],
  ['true', true],
  ['empty string', ''],
  ['huge string', 'x'.repeat(2_000_000)],
  ['array', [1, 2, 3]],
  ['empty object', {}],
  ['model only', { model: 'ik_nodim' }],
  ['__proto__ keys', JSON.parse('{"__proto__": {"polluted": true}, "model": "ik_nodim"}')],
  ['constructor model', { ...valid, model: 'constructor' }],
  ['toString model', { ...valid, model: 'toString' }],
  ['wrong solver', { ...valid, solver: 'rk4' }],
  ['string params', { ...valid, params: { g: '1.5' } }],
  ['array params', { ...valid, params: [1, 2] }],
  ['NaN dt', { ...valid, solver: { ...valid.solver, dt: NaN } }],
  ['Infinity tEnd', { ...valid, solver: { ...valid.solver, tEnd: Infinity } }],
  ['unknown method', { ...valid, solver: { ...valid.solver, method: 'eval' } }],
  ['window shape', { ...valid, inputs: { I_ext: { kind: 'schedule', baseline: 0, windows: 'all' } } }],
  ['input kind', { ...valid, inputs: { I_ext: { kind: 'code', source: 'process.exit()' } } }],
  ['huge key', { ...valid, params: { ['p'.repeat(1_000_000)]: 1 } }],
  ['deep nesting', deep(2000)],
  [
    'throwing getter',
    Object.defineProperty({}, 'model', {
      get: () => {
        throw new Error('boom');
      },
      enumerable: true,
    }),
  ],
  ['function', () => 1],
];

function expectIssues(x: unknown): void {
  expect(Array.isArray(x)).toBe(true);
  const issues = x as { field: unknown; message: unknown }[];
  expect(issues.length).toBeGreaterThan(0);
  for (const i of issues) {
    expect(typeof i.field).toBe('string');
    expect(typeof i.message).toBe('string');
  }
}

function expectApiError(x: unknown): void {
  const r = x as { ok: boolean; error?: { message?: unknown } };
  expect(r.ok).toBe(false);
  expect(typeof r.error?.message).toBe('string');
}

/** Polls through the handlers until the job leaves 'running' (or fails the test after 30 s). */
async function settle(jobId: string): Promise<JobPoll> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    const p = await handlers.pollJob(jobId);
    if (p.state !== 'running') return p;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`job ${jobId} did not finish`);
}

let tmp = '';
let jobs: JobService;
let handlers: Api;
const chosen: { name: string; kind: string }[] = [];
let nextPath: string | null = null;

beforeAll(() => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'meanfield-handlers-'));
  jobs = new JobService({ workerPath: WORKER_JS, poolSize: 1 });
  handlers = createHandlers({
    jobs,
    chooseSavePath: async (name, kind) => {
      chosen.push({ name, kind });
      return nextPath;
    },
  });
});
afterAll(async () => {
  await jobs.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

describe('handlers answer malformed calls without throwing', () => {
  // A throwing getter reaches the handlers' last-resort catch, which logs; keep the output clean.
  beforeAll(() => void vi.spyOn(console, 'error').mockImplementation(() => {}));
  afterAll(() => vi.restoreAllMocks());

  it('implements exactly the contract methods', () => {
    expect(Object.keys(handlers).sort()).toEqual([...API_METHODS].sort());
  });

  it.each(MALFORMED)('%s', async (_label, bad) => {
    const call = (name: keyof Api, ...args: unknown[]) => (handlers[name] as (...a: unknown[]) => Promise<unknown>)(...args);

    const models = await call('listModels', bad);
    expect((models as { name: string }[]).map((m) => m.name)).toEqual(TEMPLATES.map((t) => t.name));

    expectIssues(await call('validateSimulation', bad));
    expectApiError(await call('startJob', bad));
    expectApiError(await call('startJob', { kind: 'simulation', request: bad }));
    expectApiError(await call('startJob', { kind: 'continuation', request: bad }));
    expectApiError(await call('startJob', { kind: bad, request: valid }));
    expect(await call('pollJob', bad)).toEqual({ state: 'unknown' });
    expectApiError(await call('cancelJob', bad));
    const before = chosen.length;
    expectApiError(await call('exportFile', bad));
    expect(chosen.length).toBe(before); // no dialog for a malformed request
  });

  it('refuses malformed export requests before asking for a path', async () => {
    const before = chosen.length;
    const bads: unknown[] = [
      { suggestedName: 'a.csv', kind: 'csv' },
      { suggestedName: 'a.csv', kind: 'exe', data: 'x' },
      { suggestedName: 'a.png', kind: 'png', data: 'not bytes' },
      { suggestedName: 'a.png', kind: 'png', data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]) },
      { suggestedName: 'a.csv', kind: 'csv', data: new Uint8Array(4) },
      { suggestedName: 42, kind: 'csv', data: 'x' },
      { suggestedName: 'n'.repeat(10_000), kind: 'csv', data: 'x' },
    ];
    for (const b of bads) expectApiError(await handlers.exportFile(b as never));
    expect(chosen.length).toBe(before);
  });
});

describe('handlers do their work on valid calls', () => {
  it('lists the templates as copies', async () => {
    const models = await handlers.listModels();
    expect(models).toEqual(TEMPLATES);
    models[0].params[0].default = 12345;
    expect(TEMPLATES[0].params[0].default).not.toBe(12345);
  });

  it('validates: [] for a runnable request, field issues otherwise', async () => {
    expect(await handlers.validateSimulation(valid)).toEqual([]);
    const issues = await handlers.validateSimulation({ ...valid, params: { nope: 1 } });
    expect(issues.map((i) => i.field)).toContain('params.nope');
    const unknown = await handlers.validateSimulation({ ...valid, model: 'nope' });
    expect(unknown).toEqual([{ field: 'model', message: expect.stringContaining('ik_nodim') }]);
  });

  it('starts, polls and cancels a job', async () => {
    const refused = await handlers.startJob(simulationJob({ ...valid, solver: { ...valid.solver, dt: 0 } }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.issues?.map((i) => i.field)).toContain('solver.dt');

    const started = await handlers.startJob(simulationJob(valid));
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const { jobId } = started.value;
    let p = await settle(jobId);
    expect(p.state).toBe('finished');
    if (p.state === 'finished' && p.kind === 'simulation') expect(p.result.t.length).toBe(101);
    else throw new Error('expected a finished simulation');
    expect(await handlers.pollJob(jobId)).toEqual({ state: 'unknown' });
    expectApiError(await handlers.cancelJob(jobId));

    const long = await handlers.startJob(simulationJob({ ...valid, solver: { ...valid.solver, tEnd: 1e5, sample: 1 } }));
    if (!long.ok) throw new Error(long.error.message);
    expect(await handlers.cancelJob(long.value.jobId)).toEqual({ ok: true, value: null });
    p = await settle(long.value.jobId);
    expect(p.state === 'finished' && p.result.status).toBe('cancelled');
  });

  it('starts a continuation job, refusing invalid requests with the fields at fault', async () => {
    const req: ContinuationRequest = ikNodimBranchRequest();
    const bads: [unknown, string][] = [
      [{ ...req, param: 'nope' }, 'param'],
      [{ ...req, model: 'nope' }, 'model'],
      [{ ...req, bounds: [1] }, 'bounds'],
      [{ ...req, bounds: ['0', 3] }, 'bounds'],
      [{ ...req, settings: { ...req.settings, maxPoints: -5 } }, 'settings.maxPoints'],
      [{ ...req, inputs: { I_ext: '0.15' } }, 'inputs.I_ext'],
      [{ ...req, settings: null }, 'settings'],
    ];
    for (const [bad, field] of bads) {
      const r = await handlers.startJob(continuationJob(bad as ContinuationRequest));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.issues?.map((i) => i.field).join(' ')).toContain(field);
    }
    const started = await handlers.startJob(continuationJob(req));
    if (!started.ok) throw new Error(started.error.message);
    const p = await settle(started.value.jobId);
    if (p.state !== 'finished' || p.kind !== 'continuation') throw new Error(`expected a finished continuation, got ${p.state}`);
    expect(p.result.status).toBe('ok');
    expect(p.result.branch?.special.map((s) => s.label)).toEqual(['HB1', 'HB2']);
    expect(await handlers.pollJob(started.value.jobId)).toEqual({ state: 'unknown' });
  });

  it('exports CSV and PNG through the chosen path, atomically', async () => {
    nextPath = join(tmp, 'runs.csv');
    const csv = await handlers.exportFile({ suggestedName: '../../etc/ik_nodim runs', kind: 'csv', data: 't,r\n0,1\n' });
    expect(csv).toEqual({ ok: true, value: { saved: true, path: nextPath } });
    expect(chosen.at(-1)).toEqual({ name: 'ik_nodim runs.csv', kind: 'csv' });
    expect(readFileSync(nextPath, 'utf8')).toBe('t,r\n0,1\n');

    nextPath = join(tmp, 'chart.png');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    expect(await handlers.exportFile({ suggestedName: 'chart.png', kind: 'png', data: png })).toMatchObject({ ok: true });
    expect(new Uint8Array(readFileSync(nextPath))).toEqual(png);

    nextPath = null;
    expect(await handlers.exportFile({ suggestedName: 'x.csv', kind: 'csv', data: 'a' })).toEqual({ ok: true, value: { saved: false } });

    nextPath = 'relative/path.csv';
    expectApiError(await handlers.exportFile({ suggestedName: 'x.csv', kind: 'csv', data: 'a' }));

    nextPath = join(tmp, 'missing-dir', 'x.csv');
    expectApiError(await handlers.exportFile({ suggestedName: 'x.csv', kind: 'csv', data: 'a' }));
    expect(existsSync(join(tmp, 'missing-dir'))).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('says so when no save dialog is available', async () => {
    const bare = createHandlers({ jobs });
    expectApiError(await bare.exportFile({ suggestedName: 'x.csv', kind: 'csv', data: 'a' }));
  });
});

describe('safeFileName', () => {
  it('keeps a plain name and strips directories and reserved characters', () => {
    expect(safeFileName('ik_nodim-runs.csv', 'csv')).toBe('ik_nodim-runs.csv');
    expect(safeFileName('/etc/passwd', 'csv')).toBe('passwd.csv');
    expect(safeFileName('..\\..\\win.ini', 'png')).toBe('win.ini.png');
    expect(safeFileName('a<b>:c"d|e?f*\u0000.png', 'png')).toBe('a_b__c_d_e_f__.png');
    expect(safeFileName('', 'csv')).toBe('export.csv');
    expect(safeFileName('...', 'csv')).toBe('export.csv');
  });
});
