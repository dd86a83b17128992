/**
 * The project-document part of the API (@shared/api: newProject ... discardRecovery), as plain
 * async functions with no Electron import. Main owns the open document: its path, its name and
 * whether it has unsaved changes. The renderer never names a file to write, and may open only paths
 * main offered (the open dialog, the recent list, a command-line or OS file, see `offerPath`).
 *
 * Every argument is untrusted (it crosses IPC); no handler throws. Disk access, dialogs, the
 * document format and the window are injected (`ProjectDeps`), so tests drive them without Electron.
 */
import { basename, extname, isAbsolute } from 'node:path';
import type { ApiError, ApiResult, DiscardChoice, DocumentInfo, MenuCommand, OpenedProject, RecoveryInfo } from '@shared/api';
import type { ParseOutcome, Project } from '@shared/project/types';
import { PROJECT_EXTENSION } from '@shared/project/types';
import type { MenuCommandQueue } from './menu-commands';

export const UNTITLED = 'Untitled';
/** Longest path accepted from the renderer. */
const MAX_PATH_LENGTH = 4096;

/** The document format (serialize / parse+validate+migrate), from src-shared/project. */
export interface ProjectCodec {
  serialize(project: Project): string;
  parse(text: string): ParseOutcome;
}

/** Reading and writing project files (size-limited read; atomic write keeping a .bak). */
export interface ProjectFiles {
  read(path: string): Promise<string>;
  write(path: string, text: string): Promise<void>;
}

/** The crash-recovery copy in the user-data folder. */
export interface RecoveryStore {
  write(text: string, document: DocumentInfo): Promise<void>;
  read(): Promise<{ text: string; document: DocumentInfo; savedAt: number } | null>;
  clear(): Promise<void>;
}

/** The persisted list of recent files, newest first. */
export interface RecentList {
  list(): Promise<string[]>;
  add(path: string): Promise<unknown>;
  clear(): Promise<void>;
}

export interface ProjectDeps {
  codec: ProjectCodec;
  files: ProjectFiles;
  recovery: RecoveryStore;
  recent: RecentList;
  menu: MenuCommandQueue;
  /** Native dialogs (answered by the test harness in tests); null = cancelled. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
  chooseOpenPath(): Promise<string | null>;
  confirmDiscard(documentName: string): Promise<DiscardChoice>;
  /** The shipped example project, or null when it is not installed. */
  examplePath: string | null;
  /** The document or its dirty state changed (window title, Open Recent menu). */
  onDocumentChange?(document: DocumentInfo, dirty: boolean): void;
  onRecentChange?(recent: string[]): void;
  /** Closes the window without asking (the renderer saved for a close). */
  closeWindow?(): void;
}

export type ProjectApi = Pick<
  import('@shared/api').Api,
  | 'newProject'
  | 'saveProject'
  | 'openProject'
  | 'openExample'
  | 'listRecent'
  | 'clearRecent'
  | 'setDocumentState'
  | 'confirmDiscard'
  | 'closeWindow'
  | 'waitMenuCommand'
  | 'writeRecovery'
  | 'recoveryInfo'
  | 'restoreRecovery'
  | 'discardRecovery'
>;

/** What main keeps about the open document, shared with the window (close prompt, title). */
export class DocumentSession {
  document: DocumentInfo = { path: null, name: UNTITLED };
  dirty = false;
  /** A recovery copy from an earlier session waits for Restore / Discard: do not overwrite it. */
  recoveryPending = false;
  /** Paths the renderer may open: offered by main (command line, OS, menu), besides the recent list. */
  readonly offered = new Set<string>();
}

const fail = (message: string, issues?: { field: string; message: string }[]): { ok: false; error: ApiError } => ({
  ok: false,
  error: issues ? { message, issues } : { message },
});

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `e`'s message, prefixed with `prefix` unless it already says what could not be done. */
const explain = (prefix: string, e: unknown): string => {
  const m = errText(e);
  return /^Could not /.test(m) ? m : `${prefix}: ${m}`;
};

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `path` with the .mfproj extension (appended when missing). */
export function withProjectExtension(path: string): string {
  return extname(path).toLowerCase() === PROJECT_EXTENSION ? path : path + PROJECT_EXTENSION;
}

export function documentOf(path: string): DocumentInfo {
  return { path, name: basename(path) };
}

/** The project handlers backed by `deps`; `session` is the document state main shares with the window. */
export function createProjectHandlers(deps: ProjectDeps, session = new DocumentSession()): ProjectApi {
  const changed = () => deps.onDocumentChange?.({ ...session.document }, session.dirty);

  async function rememberRecent(path: string): Promise<void> {
    try {
      await deps.recent.add(path);
      deps.onRecentChange?.(await deps.recent.list());
    } catch (e) {
      console.warn(`Could not update the recent files: ${errText(e)}`);
    }
  }

  /** Reads, parses and checks a file; errors name the file and each field path at fault. */
  async function load(path: string): Promise<{ ok: true; project: Project; warnings: string[] } | { ok: false; error: ApiError }> {
    let text: string;
    try {
      text = await deps.files.read(path);
    } catch (e) {
      return fail(explain(`Could not open ${basename(path)}`, e));
    }
    let parsed: ParseOutcome;
    try {
      parsed = deps.codec.parse(text);
    } catch (e) {
      return fail(`Could not open ${basename(path)}: ${errText(e)}`);
    }
    if (!parsed.ok) {
      const n = parsed.errors.length;
      const first = parsed.errors[0];
      const head = first ? `${first.path}: ${first.message}` : 'not a project file';
      return fail(
        `Could not open ${basename(path)}: ${n > 1 ? `${n} problems, first ` : ''}${head}`,
        parsed.errors.map((i) => ({ field: i.path, message: i.message })),
      );
    }
    if (parsed.project.model.kind !== 'template') {
      return fail(`Could not open ${basename(path)}: it defines its own model, and this version of the app runs only the built-in templates.`,
        [{ field: 'model', message: 'custom models are not supported by this version' }]);
    }
    const warnings = parsed.warnings.map((w) => (w.path ? `${w.path}: ${w.message}` : w.message));
    return { ok: true, project: parsed.project, warnings };
  }

  async function isOfferedPath(path: string): Promise<boolean> {
    if (session.offered.has(path)) return true;
    try {
      return (await deps.recent.list()).includes(path);
    } catch {
      return false;
    }
  }

  return {
    async newProject(): Promise<ApiResult<DocumentInfo>> {
      session.document = { path: null, name: UNTITLED };
      session.dirty = false;
      changed();
      return { ok: true, value: { ...session.document } };
    },

    async saveProject(request: unknown): Promise<ApiResult<{ saved: boolean; document?: DocumentInfo }>> {
      if (!isPlainObject(request) || !isPlainObject(request.project)) {
        return fail('Cannot save: the request must be { project, saveAs }.', [{ field: 'project', message: 'must be a project object' }]);
      }
      const saveAs = request.saveAs === true;
      let text: string;
      try {
        text = deps.codec.serialize(request.project as unknown as Project);
        // Never write a file that would not open again.
        const check = deps.codec.parse(text);
        if (!check.ok) {
          const first = check.errors[0];
          return fail(`Not saved: the project is not valid (${first ? `${first.path}: ${first.message}` : 'unknown problem'}).`,
            check.errors.map((i) => ({ field: i.path, message: i.message })));
        }
      } catch (e) {
        return fail(`Not saved: the project could not be written (${errText(e)}).`);
      }
      let path = session.document.path;
      if (path === null || saveAs) {
        let chosen: string | null;
        try {
          const suggested = session.document.name === UNTITLED ? `untitled${PROJECT_EXTENSION}` : withProjectExtension(session.document.name);
          chosen = await deps.chooseSavePath(suggested);
        } catch (e) {
          return fail(`Could not ask where to save: ${errText(e)}`);
        }
        if (chosen === null || chosen === '') return { ok: true, value: { saved: false } };
        if (typeof chosen !== 'string' || !isAbsolute(chosen)) return fail(`Cannot save to '${String(chosen)}': not an absolute path.`);
        path = withProjectExtension(chosen);
      }
      try {
        await deps.files.write(path, text);
      } catch (e) {
        const m = explain(`Could not save ${basename(path)}`, e);
        return fail(/unchanged/.test(m) ? m : `${m}. The file on disk is unchanged.`);
      }
      session.document = documentOf(path);
      session.dirty = false;
      changed();
      await rememberRecent(path);
      if (!session.recoveryPending) await deps.recovery.clear().catch(() => undefined);
      return { ok: true, value: { saved: true, document: { ...session.document } } };
    },

    async openProject(request: unknown): Promise<ApiResult<OpenedProject | { cancelled: true }>> {
      if (request !== undefined && !isPlainObject(request)) {
        return fail('Cannot open: the request must be { path? }.', [{ field: 'request', message: 'must be an object' }]);
      }
      const given = request?.path;
      let path: string;
      if (given === undefined) {
        let chosen: string | null;
        try {
          chosen = await deps.chooseOpenPath();
        } catch (e) {
          return fail(`Could not ask which file to open: ${errText(e)}`);
        }
        if (chosen === null || chosen === '') return { ok: true, value: { cancelled: true } };
        path = chosen;
      } else {
        if (typeof given !== 'string' || given.length === 0 || given.length > MAX_PATH_LENGTH || !isAbsolute(given)) {
          return fail('Cannot open: path must be an absolute file path.', [{ field: 'path', message: 'must be an absolute file path' }]);
        }
        if (!(await isOfferedPath(given))) {
          return fail(`Cannot open ${basename(given)}: only files from the Open dialog or the recent list can be opened.`, [
            { field: 'path', message: 'is not a file offered by the app' },
          ]);
        }
        path = given;
      }
      const loaded = await load(path);
      if (!loaded.ok) return loaded;
      session.document = documentOf(path);
      session.dirty = false;
      changed();
      await rememberRecent(path);
      return { ok: true, value: { project: loaded.project, document: { ...session.document }, warnings: loaded.warnings } };
    },

    async openExample(): Promise<ApiResult<OpenedProject>> {
      if (deps.examplePath === null) return fail('The example project is not installed.');
      const loaded = await load(deps.examplePath);
      if (!loaded.ok) return loaded;
      // An untitled copy: Save asks where, so the shipped file is never overwritten.
      session.document = { path: null, name: basename(deps.examplePath) };
      session.dirty = false;
      changed();
      return { ok: true, value: { project: loaded.project, document: { ...session.document }, warnings: loaded.warnings } };
    },

    async listRecent(): Promise<string[]> {
      try {
        return await deps.recent.list();
      } catch {
        return [];
      }
    },

    async clearRecent(): Promise<ApiResult<null>> {
      try {
        await deps.recent.clear();
        deps.onRecentChange?.([]);
        return { ok: true, value: null };
      } catch (e) {
        return fail(`Could not clear the recent files: ${errText(e)}`);
      }
    },

    async setDocumentState(state: unknown): Promise<ApiResult<DocumentInfo>> {
      if (!isPlainObject(state) || typeof state.dirty !== 'boolean') {
        return fail('setDocumentState needs { dirty: boolean }.', [{ field: 'dirty', message: 'must be true or false' }]);
      }
      if (session.dirty !== state.dirty) {
        session.dirty = state.dirty;
        changed();
      }
      return { ok: true, value: { ...session.document } };
    },

    async confirmDiscard(): Promise<DiscardChoice> {
      if (!session.dirty) return 'discard';
      try {
        const c = await deps.confirmDiscard(session.document.name);
        return c === 'save' || c === 'discard' ? c : 'cancel';
      } catch (e) {
        console.error('The unsaved-changes prompt failed:', e);
        return 'cancel';
      }
    },

    async closeWindow(): Promise<ApiResult<null>> {
      if (deps.closeWindow === undefined) return fail('Closing the window is not available here.');
      deps.closeWindow();
      return { ok: true, value: null };
    },

    async waitMenuCommand(): Promise<MenuCommand | null> {
      return deps.menu.wait();
    },

    async writeRecovery(project: unknown): Promise<ApiResult<null>> {
      if (session.recoveryPending) return fail('A recovery copy from an earlier session waits for Restore or Discard.');
      if (!isPlainObject(project)) return fail('writeRecovery needs a project.', [{ field: 'project', message: 'must be a project object' }]);
      try {
        const text = deps.codec.serialize(project as unknown as Project);
        await deps.recovery.write(text, { ...session.document });
        return { ok: true, value: null };
      } catch (e) {
        return fail(`Could not write the recovery copy: ${errText(e)}`);
      }
    },

    async recoveryInfo(): Promise<RecoveryInfo | null> {
      try {
        const r = await deps.recovery.read();
        session.recoveryPending = r !== null;
        return r === null ? null : { name: r.document.name, savedAt: r.savedAt };
      } catch (e) {
        console.warn(`Could not read the recovery copy: ${errText(e)}`);
        return null;
      }
    },

    async restoreRecovery(): Promise<ApiResult<OpenedProject>> {
      let r: Awaited<ReturnType<RecoveryStore['read']>>;
      try {
        r = await deps.recovery.read();
      } catch (e) {
        return fail(`Could not read the recovery copy: ${errText(e)}`);
      }
      if (r === null) return fail('There is no recovery copy.');
      let parsed: ParseOutcome;
      try {
        parsed = deps.codec.parse(r.text);
      } catch (e) {
        return fail(`The recovery copy could not be read: ${errText(e)}`);
      }
      if (!parsed.ok) {
        const first = parsed.errors[0];
        return fail(`The recovery copy is damaged (${first ? `${first.path}: ${first.message}` : 'unreadable'}).`,
          parsed.errors.map((i) => ({ field: i.path, message: i.message })));
      }
      session.recoveryPending = false;
      session.document = { ...r.document };
      session.dirty = true;
      changed();
      const warnings = parsed.warnings.map((w) => (w.path ? `${w.path}: ${w.message}` : w.message));
      return { ok: true, value: { project: parsed.project, document: { ...session.document }, warnings } };
    },

    async discardRecovery(): Promise<ApiResult<null>> {
      try {
        await deps.recovery.clear();
        session.recoveryPending = false;
        return { ok: true, value: null };
      } catch (e) {
        return fail(`Could not delete the recovery copy: ${errText(e)}`);
      }
    },
  };
}

/** Handlers for a host without project files (every call reports that). */
export function unavailableProjectHandlers(): ProjectApi {
  const no = async () => fail('Project files are not available here.');
  return {
    newProject: no,
    saveProject: no,
    openProject: no,
    openExample: no,
    listRecent: async () => [],
    clearRecent: no,
    setDocumentState: no,
    confirmDiscard: async () => 'cancel',
    closeWindow: no,
    waitMenuCommand: async () => null,
    writeRecovery: no,
    recoveryInfo: async () => null,
    restoreRecovery: no,
    discardRecovery: no,
  };
}
