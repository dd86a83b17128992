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
import { richProject } from '../../shared/project/helpers';

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
    models: [],
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
    curves: [],
    cycles: [],
    view: {
      view: 'split',
      pane: 'timeseries',
      plotted: ['r'],
      timeRange: [1.25, 7.5],
      diagramRange: null,
      selectedRun: 1,
      selectedBranch: null,
      diagram: 'oneParam',
      curveRange: null,
      selectedCurve: null,
      selectedCycle: null,
      cycleMeasure: 'extrema',
    },
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
  /** Answers to "Replace it?" (an empty queue answers no); `asked` records the names asked about. */
  replaces: boolean[];
  asked: string[];
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
    replaces: [],
    asked: [],
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
      exists: async (path) => f.disk.has(path),
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
    confirmReplace: async (name) => {
      f.asked.push(name);
      return f.replaces.shift() ?? false;
    },
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

  it('opens a project with its own models: custom runs carry the definition they were made with', async () => {
    const { f, h } = setup();
    const p = richProject();
    f.disk.set('/custom.mfproj', f.deps.codec.serialize(p));
    f.openPaths.push('/custom.mfproj');
    const r = await h.openProject({});
    if (!r.ok || 'cancelled' in r.value) throw new Error('not opened');
    const opened = r.value.project;
    expect(opened.model).toEqual(p.model);
    expect(opened.models.map((m) => [m.hash, m.current])).toEqual(p.models.map((m) => [m.hash, m.current]));
    expect(opened.runs[5].request.def).toEqual(p.runs[5].request.def);
    expect(opened.runs[6].request.def).toEqual(p.runs[6].request.def);
    expect(opened.runs[0].request.def).toBeUndefined();
  });

  it('opens by path only files main offered (recent list, command line)', async () => {
    const { f, h, session } = setup();
    f.disk.set('/etc/x.mfproj', serializeProject(sampleProject(), { codec: zlib }));
    const refused = await h.openProject({ path: '/etc/x.mfproj' });
    expect(!refused.ok && refused.error.issues?.[0].field).toBe('path');
    session.offered.add('/etc/x.mfproj');
    const ok = await h.openProject({ path: '/etc/x.mfproj' });
    if (!ok.ok || 'cancelled' in ok.value) throw new Error(JSON.stringify(ok));
    expect((await h.commitOpen(ok.value.token)).ok).toBe(true);
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
    // Still on offer (and not overwritten) until the renderer shows the restored project.
    expect(next.session.recoveryPending).toBe(true);
    expect(next.session.dirty).toBe(false);
    expect(await next.h.commitOpen(restored.value.token)).toEqual({ ok: true, value: { path: null, name: 'Untitled' } });
    expect(next.session.dirty).toBe(true);
    expect(next.session.recoveryPending).toBe(false);
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

  it('after a damaged copy fails to restore, the session writes its own recovery copies again', async () => {
    const { f, h, session } = setup();
    f.recoveryCopy = { text: '{"format": "meanfield-studio-project", "version": 1, "runs": 3}', document: { path: null, name: 'Untitled' }, savedAt: 1 };
    expect(await h.recoveryInfo()).not.toBeNull();
    expect((await h.writeRecovery(sampleProject(0.2))).ok).toBe(false);
    const restored = await h.restoreRecovery();
    expect(restored.ok).toBe(false);
    if (!restored.ok) expect(restored.error.message).toMatch(/^The recovery copy is damaged \(.+\)\.$/);
    expect(session.recoveryPending).toBe(false);
    expect((await h.writeRecovery(sampleProject(0.2))).ok).toBe(true);
    expect(parseProject(f.recoveryCopy!.text, { codec: zlib }).ok).toBe(true);
  });

  it("switches main's document only when the renderer commits the project it was given", async () => {
    const { f, h, session } = setup();
    f.savePaths.push('/a.mfproj');
    await h.saveProject({ project: sampleProject(0.5), saveAs: false });
    await h.setDocumentState({ dirty: true });
    f.disk.set('/b.mfproj', f.disk.get('/a.mfproj')!);
    f.disk.set('/c.mfproj', f.disk.get('/a.mfproj')!);
    const changes = f.changes.length;

    // Read, but not shown (say, refused while a job runs): main keeps /a with its unsaved changes.
    f.openPaths.push('/b.mfproj', '/c.mfproj');
    const b = await h.openProject({});
    if (!b.ok || 'cancelled' in b.value) throw new Error(JSON.stringify(b));
    expect(b.value.document).toEqual({ path: '/b.mfproj', name: 'b.mfproj' });
    expect(session.document.path).toBe('/a.mfproj');
    expect(session.dirty).toBe(true);
    expect(f.changes.length).toBe(changes);
    expect(await h.listRecent()).toEqual(['/a.mfproj']);
    // So Save still writes /a, and the close prompt still asks.
    expect(await h.confirmDiscard()).toBe('cancel');

    // A newer read replaces the older one; a used or unknown token changes nothing.
    const c = await h.openProject({});
    if (!c.ok || 'cancelled' in c.value) throw new Error(JSON.stringify(c));
    for (const stale of [b.value.token, 'not-a-token', '', 7, null, 'x'.repeat(100)]) {
      const r = await h.commitOpen(stale as never);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.issues?.[0].field).toBe('token');
    }
    expect(session.document.path).toBe('/a.mfproj');
    expect(await h.commitOpen(c.value.token)).toEqual({ ok: true, value: { path: '/c.mfproj', name: 'c.mfproj' } });
    expect(session.document).toEqual({ path: '/c.mfproj', name: 'c.mfproj' });
    expect(session.dirty).toBe(false);
    expect(f.changes.at(-1)).toEqual([{ path: '/c.mfproj', name: 'c.mfproj' }, false]);
    expect(await h.listRecent()).toEqual(['/c.mfproj', '/a.mfproj']);
    expect((await h.commitOpen(c.value.token)).ok).toBe(false);

    // New (or a save) forgets a project read before it.
    f.openPaths.push('/b.mfproj');
    const late = await h.openProject({});
    if (!late.ok || 'cancelled' in late.value) throw new Error(JSON.stringify(late));
    await h.newProject();
    expect((await h.commitOpen(late.value.token)).ok).toBe(false);
    expect(session.document).toEqual({ path: null, name: 'Untitled' });
  });

  it('Save As asks before replacing a file the dialog did not ask about (the extension was added)', async () => {
    const { f, h, session } = setup();
    f.savePaths.push('/docs/project.mfproj');
    await h.saveProject({ project: sampleProject(0.5), saveAs: false });
    const original = f.disk.get('/docs/project.mfproj');
    await h.newProject();

    // "project" chosen: the dialog checked /docs/project, the save would go to /docs/project.mfproj.
    f.savePaths.push('/docs/project');
    f.replaces.push(false);
    expect(await h.saveProject({ project: sampleProject(0.9), saveAs: true })).toEqual({ ok: true, value: { saved: false } });
    expect(f.asked).toEqual(['project.mfproj']);
    expect(f.disk.get('/docs/project.mfproj')).toBe(original);
    expect(session.document).toEqual({ path: null, name: 'Untitled' });

    f.savePaths.push('/docs/project');
    f.replaces.push(true);
    const replaced = await h.saveProject({ project: sampleProject(0.9), saveAs: true });
    expect(replaced.ok && replaced.value.document).toEqual({ path: '/docs/project.mfproj', name: 'project.mfproj' });
    expect(f.disk.get('/docs/project.mfproj')).not.toBe(original);

    // Chosen with its extension, or a new name: the dialog's own question was enough.
    f.savePaths.push('/docs/project.mfproj', '/docs/fresh');
    expect((await h.saveProject({ project: sampleProject(0.1), saveAs: true })).ok).toBe(true);
    expect((await h.saveProject({ project: sampleProject(0.2), saveAs: true })).ok).toBe(true);
    expect(f.disk.has('/docs/fresh.mfproj')).toBe(true);
    expect(f.asked).toEqual(['project.mfproj', 'project.mfproj']);

    // Without a way to ask, such a save is refused with a clear message.
    delete f.deps.confirmReplace;
    const before = f.disk.get('/docs/project.mfproj');
    f.savePaths.push('/docs/project');
    const refused = await h.saveProject({ project: sampleProject(0.3), saveAs: true });
    expect(!refused.ok && refused.error.message).toMatch(/^Not saved: project\.mfproj already exists\./);
    expect(f.disk.get('/docs/project.mfproj')).toBe(before);
  });
});
