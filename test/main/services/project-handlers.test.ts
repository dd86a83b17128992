/**
 * The project handlers (src-main/services/project-handlers.ts) with injected dialogs, in-memory
 * files, recovery and recent list, and the real document format: save/open round trip, cancelled
 * dialogs, paths the renderer may not name, malformed arguments, failures reported with the old
 * state kept, the unsaved-changes prompt, menu commands and the recovery copy.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DiscardChoice, DocumentInfo } from '@shared/api';
import { TEMPLATES } from '@shared/models/templates';
import type { ByteCodec } from '@shared/project/codec';
import { parseProject } from '@shared/project/parse';
import { serializeProject } from '@shared/project/serialize';
import type { Project } from '@shared/project/types';
import { DEFAULT_SOLVER } from '@shared/simulation/types';
import { MenuCommandQueue } from '../../../src-main/services/menu-commands';
import { createProjectHandlers, DocumentSession, type ProjectDeps } from '../../../src-main/services/project-handlers';

const zlib: ByteCodec = {
  deflate: (b) => new Uint8Array(deflateRawSync(b)),
  inflate: (b, n) => new Uint8Array(inflateRawSync(b, { maxOutputLength: n })),
};

const nodim = TEMPLATES.find((t) => t.name === 'ik_nodim')!;

function sampleProject(g = 1.5): Project {
  const n = 300;
  const t = Float64Array.from({ length: n }, (_, i) => i * 0.1);
  const columns = nodim.states.map((_, k) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + k) * 1e-3 + k / 3));
  return {
    model: { kind: 'template', name: 'ik_nodim', version: nodim.version },
    forms: {},
    runs: [
      {
        id: 1,
        color: 2,
        visible: false,
        request: { model: 'ik_nodim', params: { g }, initial: {}, inputs: {}, solver: { ...DEFAULT_SOLVER, tEnd: 29.9, sample: 0.1 } },
        result: {
          status: 'ok',
          message: '',
          t,
          names: nodim.states.map((s) => s.name),
          columns,
          stats: { steps: 10, rejectedSteps: 0, rhsEvaluations: 40, wallMs: 1 },
        },
      },
    ],
    branches: [],
    view: { view: 'split', pane: 'timeseries', plotted: ['r'], timeRange: [1.25, 7.5], diagramRange: null, selectedRun: 1, selectedBranch: null },
  };
}

interface Fakes {
  deps: ProjectDeps;
  disk: Map<string, string>;
  savePaths: (string | null)[];
  openPaths: (string | null)[];
  confirms: DiscardChoice[];
  changes: [DocumentInfo, boolean][];
  recoveryCopy: { text: string; document: DocumentInfo; savedAt: number } | null;
  failWrite: boolean;
}

function setup(): { f: Fakes; h: ReturnType<typeof createProjectHandlers>; session: DocumentSession } {
  const recent: string[] = [];
  const f: Fakes = {
    disk: new Map(),
    savePaths: [],
    openPaths: [],
    confirms: [],
    changes: [],
    recoveryCopy: null,
    failWrite: false,
    deps: undefined as unknown as ProjectDeps,
  };
  f.deps = {
    codec: { serialize: (p) => serializeProject(p, { codec: zlib }), parse: (t) => parseProject(t, { codec: zlib }) },
    files: {
      read: async (path) => {
        const t = f.disk.get(path);
        if (t === undefined) throw new Error('no such file');
        return t;
      },
      write: async (path, text) => {
        if (f.failWrite) throw new Error('ENOSPC: no space left on device');
        f.disk.set(path, text);
      },
    },
    recovery: {
      write: async (text, document) => {
        f.recoveryCopy = { text, document, savedAt: 1234 };
      },
      read: async () => f.recoveryCopy,
      clear: async () => {
        f.recoveryCopy = null;
      },
    },
    recent: {
      list: async () => [...recent],
      add: async (p) => {
        const i = recent.indexOf(p);
        if (i >= 0) recent.splice(i, 1);
        recent.unshift(p);
      },
      clear: async () => {
        recent.length = 0;
      },
    },
    menu: new MenuCommandQueue(),
    chooseSavePath: async () => f.savePaths.shift() ?? null,
    chooseOpenPath: async () => f.openPaths.shift() ?? null,
    confirmDiscard: async () => f.confirms.shift() ?? 'cancel',
    examplePath: null,
    onDocumentChange: (d, dirty) => f.changes.push([d, dirty]),
  };
  const session = new DocumentSession();
  return { f, h: createProjectHandlers(f.deps, session), session };
}

describe('project handlers', () => {
  it('saves through the dialog, then to the same file, and opens it back bit-exact', async () => {
    const { f, h, session } = setup();
    const project = sampleProject();
    f.savePaths.push('/docs/session');
    const saved = await h.saveProject({ project, saveAs: false });
    expect(saved).toEqual({ ok: true, value: { saved: true, document: { path: '/docs/session.mfproj', name: 'session.mfproj' } } });
    expect(f.disk.has('/docs/session.mfproj')).toBe(true);
    expect(f.changes.at(-1)).toEqual([{ path: '/docs/session.mfproj', name: 'session.mfproj' }, false]);

    // The second save asks nothing and writes the same file.
    await h.setDocumentState({ dirty: true });
    expect(session.dirty).toBe(true);
    const again = await h.saveProject({ project: sampleProject(0.5), saveAs: false });
    expect(again.ok && again.value.saved).toBe(true);
    expect(f.savePaths).toEqual([]);
    expect(session.dirty).toBe(false);

    await h.newProject();
    expect(session.document).toEqual({ path: null, name: 'Untitled' });
    f.openPaths.push('/docs/session.mfproj');
    const opened = await h.openProject({});
    if (!opened.ok || 'cancelled' in opened.value) throw new Error(JSON.stringify(opened));
    const run = opened.value.project.runs[0];
    expect(run.request.params.g).toBe(0.5);
    const want = sampleProject(0.5).runs[0].result;
    expect(Array.from(run.result.t)).toEqual(Array.from(want.t));
    for (let k = 0; k < want.columns.length; k++) expect(Array.from(run.result.columns[k])).toEqual(Array.from(want.columns[k]));
    expect(run.visible).toBe(false);
    expect(run.color).toBe(2);
    expect(opened.value.project.view.timeRange).toEqual([1.25, 7.5]);
    expect(opened.value.document).toEqual({ path: '/docs/session.mfproj', name: 'session.mfproj' });
    expect(await h.listRecent()).toEqual(['/docs/session.mfproj']);
  });

  it('Save As always asks; cancelled dialogs change nothing', async () => {
    const { f, h, session } = setup();
    f.savePaths.push('/a.mfproj');
    await h.saveProject({ project: sampleProject(), saveAs: false });
    f.savePaths.push(null);
    expect(await h.saveProject({ project: sampleProject(), saveAs: true })).toEqual({ ok: true, value: { saved: false } });
    expect(session.document.path).toBe('/a.mfproj');
    f.openPaths.push(null);
    expect(await h.openProject({})).toEqual({ ok: true, value: { cancelled: true } });
    expect(session.document.path).toBe('/a.mfproj');
    f.savePaths.push('relative/path.mfproj');
    const rel = await h.saveProject({ project: sampleProject(), saveAs: true });
    expect(rel.ok).toBe(false);
  });

  it('reports a failed write and keeps the document and its dirty state', async () => {
    const { f, h, session } = setup();
    f.savePaths.push('/a.mfproj');
    await h.saveProject({ project: sampleProject(), saveAs: false });
    const before = f.disk.get('/a.mfproj');
    await h.setDocumentState({ dirty: true });
    f.failWrite = true;
    const r = await h.saveProject({ project: sampleProject(0.5), saveAs: false });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/Could not save a\.mfproj: ENOSPC.*unchanged/);
    expect(f.disk.get('/a.mfproj')).toBe(before);
    expect(session.dirty).toBe(true);
    expect(session.document.path).toBe('/a.mfproj');
  });

  it('names the field paths of a bad file and keeps the open document', async () => {
    const { f, h, session } = setup();
    f.savePaths.push('/good.mfproj');
    await h.saveProject({ project: sampleProject(), saveAs: false });
    const doc = JSON.parse(f.disk.get('/good.mfproj')!);
    doc.runs[0].request.solver.dt = -1;
    f.disk.set('/bad.mfproj', JSON.stringify(doc));
    f.disk.set('/truncated.mfproj', f.disk.get('/good.mfproj')!.slice(0, 200));
    f.openPaths.push('/bad.mfproj', '/truncated.mfproj', '/missing.mfproj');
    const bad = await h.openProject({});
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.message).toMatch(/^Could not open bad\.mfproj: /);
      expect(bad.error.issues?.some((i) => i.field.startsWith('runs[0].request.solver.dt'))).toBe(true);
    }
    const cut = await h.openProject({});
    expect(cut.ok).toBe(false);
    if (!cut.ok) expect(cut.error.message).toMatch(/truncated\.mfproj/);
    const missing = await h.openProject({});
    expect(!missing.ok && missing.error.message).toMatch(/missing\.mfproj: no such file/);
    expect(session.document.path).toBe('/good.mfproj');
  });

  it('opens by path only files main offered (recent list, command line)', async () => {
    const { f, h, session } = setup();
    f.disk.set('/etc/x.mfproj', serializeProject(sampleProject(), { codec: zlib }));
    const refused = await h.openProject({ path: '/etc/x.mfproj' });
    expect(!refused.ok && refused.error.issues?.[0].field).toBe('path');
    session.offered.add('/etc/x.mfproj');
    const ok = await h.openProject({ path: '/etc/x.mfproj' });
    expect(ok.ok).toBe(true);
    // Now in the recent list, so it opens by path after the offer is gone too.
    session.offered.clear();
    expect((await h.openProject({ path: '/etc/x.mfproj' })).ok).toBe(true);
  });

  it('answers malformed arguments with failures, never throwing', async () => {
    const { h } = setup();
    const bad: unknown[] = [undefined, null, 0, 'x', [], { project: 'x' }, { project: null }, () => 1];
    for (const x of bad) {
      const r = await h.saveProject(x as never);
      expect(r.ok).toBe(false);
    }
    for (const x of [null, 3, 'p', { path: 5 }, { path: '' }, { path: 'rel.mfproj' }, { path: 'x'.repeat(5000) }]) {
      const r = await h.openProject(x as never);
      expect(r.ok).toBe(false);
    }
    for (const x of [undefined, null, {}, { dirty: 'yes' }]) expect((await h.setDocumentState(x as never)).ok).toBe(false);
    expect((await h.writeRecovery(null as never)).ok).toBe(false);
    // A project the format refuses is not written.
    const p = sampleProject();
    (p.runs[0].request.solver as { dt: number }).dt = NaN;
    const r = await h.saveProject({ project: p, saveAs: false });
    expect(r.ok).toBe(false);
  });

  it('asks about unsaved changes only when dirty', async () => {
    const { f, h } = setup();
    expect(await h.confirmDiscard()).toBe('discard');
    await h.setDocumentState({ dirty: true });
    f.confirms.push('cancel', 'save', 'discard');
    expect(await h.confirmDiscard()).toBe('cancel');
    expect(await h.confirmDiscard()).toBe('save');
    expect(await h.confirmDiscard()).toBe('discard');
  });

  it('delivers menu commands by long poll; a newer wait replaces an older one', async () => {
    const { f, h } = setup();
    f.deps.menu.push({ kind: 'save' });
    expect(await h.waitMenuCommand()).toEqual({ kind: 'save' });
    const first = h.waitMenuCommand();
    const second = h.waitMenuCommand();
    expect(await first).toBeNull();
    f.deps.menu.push({ kind: 'openPath', path: '/x.mfproj' });
    expect(await second).toEqual({ kind: 'openPath', path: '/x.mfproj' });
  });

  it('keeps an unanswered recovery copy, restores it unsaved, and a save removes it', async () => {
    const { f, h, session } = setup();
    await h.setDocumentState({ dirty: true });
    expect((await h.writeRecovery(sampleProject(0.7))).ok).toBe(true);
    expect(f.recoveryCopy?.document.name).toBe('Untitled');

    // Next start: the copy is offered and not overwritten until answered.
    const next = setup();
    next.f.recoveryCopy = f.recoveryCopy;
    expect(await next.h.recoveryInfo()).toEqual({ name: 'Untitled', savedAt: 1234 });
    expect((await next.h.writeRecovery(sampleProject(0.1))).ok).toBe(false);
    const restored = await next.h.restoreRecovery();
    if (!restored.ok) throw new Error(restored.error.message);
    expect(restored.value.project.runs[0].request.params.g).toBe(0.7);
    expect(next.session.dirty).toBe(true);
    next.f.savePaths.push('/r.mfproj');
    await next.h.saveProject({ project: restored.value.project, saveAs: false });
    expect(next.f.recoveryCopy).toBeNull();
    expect(session.recoveryPending).toBe(false);

    const third = setup();
    third.f.recoveryCopy = { text: '{"format": "x"', document: { path: null, name: 'Untitled' }, savedAt: 1 };
    expect(await third.h.recoveryInfo()).not.toBeNull();
    expect((await third.h.restoreRecovery()).ok).toBe(false);
    expect((await third.h.discardRecovery()).ok).toBe(true);
    expect(third.f.recoveryCopy).toBeNull();
  });
});
