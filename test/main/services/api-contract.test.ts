/**
 * The IPC surface as a compromised or buggy renderer sees it: every handler of createHandlers (all
 * of API_METHODS, with the real job service, project files in a temporary user-data folder and
 * dialogs that count their calls) driven with malformed and oversized arguments. Each call must
 * resolve to its contract's failure value or a harmless no-op: never throw, never open a dialog
 * for a malformed request, never write a file, and the service keeps working afterwards. Also: a
 * window reload leaves main's state consistent.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, type Api, type ApiMethod, type JobPoll, type MenuCommand } from '@shared/api';
import type { JobStart } from '@shared/jobs';
import { TEMPLATES } from '@shared/models/templates';
import { DEFAULT_SOLVER, type SimulationRequest } from '@shared/simulation/types';
import { createHandlers } from '../../../src-main/services/handlers';
import { JobService } from '../../../src-main/services/jobs';
import { MenuCommandQueue } from '../../../src-main/services/menu-commands';
import { DocumentSession } from '../../../src-main/services/project-handlers';
import { createProjectIo } from '../../../src-main/services/project-io';
import { ensureBuild, ROOT, WORKER_JS } from '../ensure-build';

const simulationJob = (request: SimulationRequest): JobStart => ({ kind: 'simulation', request });

const TEN_MB = 10 * 1024 * 1024;

function nested(levels: number): unknown {
  let x: unknown = { leaf: true };
  for (let i = 0; i < levels; i++) x = { project: x, path: x, request: x, model: x, dirty: x };
  return x;
}

/** Arguments a compromised renderer could send in place of any argument. */
const MALFORMED: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['zero', 0],
  ['negative', -1],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['true', true],
  ['empty string', ''],
  ['10 MB string', 'x'.repeat(TEN_MB)],
  ['empty array', []],
  ['array of 1e6 numbers', new Array(1_000_000).fill(0)],
  ['array of 1e6 objects', Array.from({ length: 1_000_000 }, () => ({}))],
  ['deeply nested object', nested(10_000)],
  [
    '__proto__ keys',
    JSON.parse('{"__proto__": {"polluted": true}, "project": {"__proto__": {"model": 1}}, "path": {"__proto__": null}, "dirty": {"__proto__": true}}'),
  ],
  ['constructor keys', { constructor: { prototype: { polluted: true } }, toString: 'x' }],
  ['Float64Array', new Float64Array(16)],
  ['Float64Array fields', { path: new Float64Array(4), project: new Float64Array(4), dirty: new Float64Array(1), saveAs: new Float64Array(1) }],
  ['Uint8Array', new Uint8Array([0x89, 0x50, 0x4e, 0x47])],
  ['10 MB path', { path: `/${'p'.repeat(TEN_MB)}.mfproj` }],
  ['relative path', { path: '../../etc/passwd.mfproj' }],
  ['absolute path not offered', { path: '/etc/passwd' }],
  ['NUL in path', { path: '/tmp/a\u0000b.mfproj' }],
  ['string dirty', { dirty: 'true' }],
  ['empty project', { project: {}, saveAs: true }],
  [
    'project with 1e6 runs',
    {
      project: { model: { kind: 'template', name: 'ik_nodim', version: 1 }, runs: new Array(1_000_000).fill(null), branches: [], forms: {}, view: {} },
      saveAs: false,
    },
  ],
  ['project with code as model', { project: { model: { kind: 'code', source: 'process.exit(1)' }, runs: [], branches: [], forms: {}, view: {} } }],
  ['export with wrong types', { suggestedName: new Float64Array(2), kind: 'csv', data: new Float64Array(2) }],
  ['export of an executable', { suggestedName: 'x.exe', kind: 'exe', data: 'MZ' }],
  ['job id of 10 MB', 'job-'.padEnd(TEN_MB, '9')],
  [
    'model export with code as an equation',
    { def: { ...TEMPLATES[0], equations: [{ state: 'r', rhs: 'process.exit(1)', latex: '' }, ...TEMPLATES[0].equations.slice(1)] }, format: 'json' },
  ],
  ['model export in an unknown format', { def: TEMPLATES[0], format: 'exe' }],
  ['model export with a 10 MB name', { def: { ...TEMPLATES[0], name: 'm'.repeat(TEN_MB) }, format: 'json' }],
  ['model export without states', { def: { ...TEMPLATES[0], states: [] }, format: 'json' }],
  ['a job id that never existed', 'job-999999'],
];

let tmp = '';
let userData = '';
let jobs: JobService;
let menu: MenuCommandQueue;
let session: DocumentSession;
let handlers: Api;
const dialogs = { save: 0, open: 0, confirm: 0, exportSave: 0, closed: 0, modelOpen: 0, modelSave: 0 };

beforeAll(() => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'meanfield-contract-'));
  userData = join(tmp, 'user-data');
  jobs = new JobService({ workerPath: WORKER_JS, poolSize: 1 });
  menu = new MenuCommandQueue();
  session = new DocumentSession();
  handlers = createHandlers({
    jobs,
    session,
    chooseSavePath: async () => {
      dialogs.exportSave++;
      return null;
    },
    modelFiles: {
      chooseModelFile: async () => {
        dialogs.modelOpen++;
        return null;
      },
      chooseModelSavePath: async () => {
        dialogs.modelSave++;
        return join(tmp, 'model.json');
      },
    },
    project: {
      ...createProjectIo(userData),
      menu,
      examplePath: resolve(ROOT, 'examples/pyrates-izhikevich.mfproj'),
      chooseSavePath: async () => {
        dialogs.save++;
        return join(tmp, 'chosen.mfproj');
      },
      chooseOpenPath: async () => {
        dialogs.open++;
        return null;
      },
      confirmDiscard: async () => {
        dialogs.confirm++;
        return 'cancel';
      },
      closeWindow: () => void dialogs.closed++,
    },
  });
});

afterAll(async () => {
  menu.dispose();
  await jobs.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

const call = (name: ApiMethod, ...args: unknown[]): Promise<unknown> =>
  // A synchronous throw would reject here too, so "resolves" below means "neither threw nor rejected".
  Promise.resolve().then(() => (handlers[name] as (...a: unknown[]) => Promise<unknown>)(...args));

function isFailure(x: unknown): boolean {
  const r = x as { ok?: unknown; error?: { message?: unknown } };
  return r?.ok === false && typeof r.error?.message === 'string' && r.error.message.length > 0;
}

function isIssueList(x: unknown): boolean {
  return Array.isArray(x) && x.length > 0 && x.every((i) => typeof i?.field === 'string' && typeof i?.message === 'string');
}

/**
 * openProject's "no path given" form (`undefined`, or an object without a `path`): it shows the
 * open dialog, which the user may cancel. Typed arrays pass too (project-handlers' object check
 * lets them through as a request without a path); harmless, as only the dialog opens.
 */
function asksForFile(arg: unknown): boolean {
  return arg === undefined || (typeof arg === 'object' && arg !== null && !Array.isArray(arg) && (arg as { path?: unknown }).path === undefined);
}

/**
 * What a method may answer to a malformed argument: its failure value, or (for methods whose
 * arguments are none or optional) the harmless answer of a call without arguments.
 */
const SAFE: Record<ApiMethod, (r: unknown, arg: unknown) => boolean> = {
  listModels: (r) => Array.isArray(r) && r.length === TEMPLATES.length,
  validateSimulation: isIssueList,
  startJob: isFailure,
  pollJob: (r) => (r as JobPoll).state === 'unknown',
  cancelJob: isFailure,
  exportFile: isFailure,
  newProject: (r) => (r as { ok: boolean }).ok === true,
  saveProject: isFailure,
  openProject: (r, arg) => isFailure(r) || (asksForFile(arg) && (r as { value?: { cancelled?: boolean } }).value?.cancelled === true),
  openExample: (r) => (r as { ok: boolean }).ok === true,
  // No token from a read project: nothing to commit, main's document is unchanged.
  commitOpen: isFailure,
  listRecent: (r) => Array.isArray(r) && r.length === 0,
  clearRecent: (r) => (r as { ok: boolean }).ok === true,
  setDocumentState: isFailure,
  confirmDiscard: (r) => r === 'discard' || r === 'cancel',
  closeWindow: (r) => (r as { ok: boolean }).ok === true,
  waitMenuCommand: () => true, // checked separately: it must wait for the next command
  writeRecovery: isFailure,
  recoveryInfo: (r) => r === null,
  restoreRecovery: isFailure,
  discardRecovery: (r) => (r as { ok: boolean }).ok === true,
  // Takes no argument: without one it shows the open dialog (cancelled here); with one it refuses.
  importModel: (r, arg) => (arg === undefined ? (r as { value?: { cancelled?: boolean } }).value?.cancelled === true : isFailure(r)),
  exportModel: isFailure,
};

describe('the handler set', () => {
  it('is exactly the contract: API_METHODS equals the handlers, with or without project files', () => {
    expect(Object.keys(handlers).sort()).toEqual([...API_METHODS].sort());
    expect(Object.keys(handlers).length).toBe(API_METHODS.length);
    const bare = createHandlers({ jobs });
    expect(Object.keys(bare).sort()).toEqual([...API_METHODS].sort());
    for (const name of API_METHODS) expect(typeof handlers[name], name).toBe('function');
    expect(Object.keys(SAFE).sort()).toEqual([...API_METHODS].sort());
  });
});

describe('every handler answers malformed and oversized arguments safely', () => {
  // Handlers log unexpected internal failures; keep the test output readable.
  beforeAll(() => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterAll(() => vi.restoreAllMocks());

  const cases = API_METHODS.filter((m) => m !== 'waitMenuCommand').flatMap((method) => MALFORMED.map(([label, arg]) => [method, label, arg] as const));

  it.each(cases)('%s(%s)', async (method, _label, arg) => {
    const before = { ...dialogs };
    const result = await call(method, arg);
    expect(SAFE[method](result, arg), JSON.stringify(result)?.slice(0, 300)).toBe(true);
    // No dialog for a malformed request (Open without arguments may show the open dialog).
    expect(dialogs.save).toBe(before.save);
    expect(dialogs.exportSave).toBe(before.exportSave);
    expect(dialogs.modelSave).toBe(before.modelSave);
    if (!(method === 'importModel' && arg === undefined)) expect(dialogs.modelOpen).toBe(before.modelOpen);
    if (!(method === 'openProject' && asksForFile(arg))) expect(dialogs.open).toBe(before.open);
  });

  it.each(MALFORMED)('waitMenuCommand(%s) still waits for the next command', async (_label, arg) => {
    const pending = call('waitMenuCommand', arg);
    const command: MenuCommand = { kind: 'run' };
    menu.push(command);
    await expect(pending).resolves.toEqual(command);
  });

  it('wrote nothing but the user-data folder, and the engine still works', async () => {
    expect(existsSync(join(tmp, 'chosen.mfproj'))).toBe(false);
    expect(existsSync(join(tmp, 'model.json'))).toBe(false);
    expect(readdirSync(tmp)).toEqual(readdirSync(tmp).filter((f) => f === 'user-data'));
    const request: SimulationRequest = {
      model: 'ik_nodim',
      params: {},
      initial: {},
      inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [] } },
      solver: { ...DEFAULT_SOLVER, tEnd: 5, sample: 1 },
    };
    const started = (await handlers.startJob(simulationJob(request))) as { ok: true; value: { jobId: string } };
    expect(started.ok).toBe(true);
    let p: JobPoll;
    do {
      await new Promise((r) => setTimeout(r, 5));
      p = await handlers.pollJob(started.value.jobId);
    } while (p.state === 'running');
    expect(p.state === 'finished' && p.kind === 'simulation' && p.result.status).toBe('ok');
  });

  it('is not polluted by __proto__ keys', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});

describe('a window reload', () => {
  it('leaves main consistent: old jobs stopped, the old wait superseded, the document reset', async () => {
    await handlers.newProject();
    await handlers.setDocumentState({ dirty: true });
    const long = await handlers.startJob(
      simulationJob({
        model: 'ik_nodim',
        params: {},
        initial: {},
        inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [] } },
        solver: { ...DEFAULT_SOLVER, tEnd: 1e6, sample: 10 },
      }),
    );
    if (!long.ok) throw new Error(long.error.message);
    const oldWait = handlers.waitMenuCommand();

    // The page goes away: main (index.ts, on did-start-loading) stops its jobs and supersedes the
    // old page's wait; a command fired meanwhile is queued for the new page.
    expect(jobs.cancelAll()).toBe(1);
    menu.supersede();
    expect(await oldWait).toBeNull();
    menu.push({ kind: 'openExample' });

    // The new page starts as the renderer does: a fresh document, then its own menu loop.
    await handlers.newProject();
    expect(session.dirty).toBe(false);
    expect(session.document).toEqual({ path: null, name: 'Untitled' });
    expect(await handlers.waitMenuCommand()).toEqual({ kind: 'openExample' });
    const first = handlers.waitMenuCommand();
    const second = handlers.waitMenuCommand();
    expect(await first).toBeNull(); // superseded: a stale loop stops
    menu.push({ kind: 'save' });
    expect(await second).toEqual({ kind: 'save' });

    // The old page's job ended within moments as cancelled, keeping what it computed.
    let p: JobPoll;
    const deadline = Date.now() + 10_000;
    do {
      await new Promise((r) => setTimeout(r, 5));
      p = await handlers.pollJob(long.value.jobId);
    } while (p.state === 'running' && Date.now() < deadline);
    expect(p.state === 'finished' && p.result.status).toBe('cancelled');
    expect(jobs.cancelAll()).toBe(0);
  });
});
