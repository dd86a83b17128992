/**
 * Open, save and the document state (see ./project-handlers.ts for the shared rules): New, Save /
 * Save As, Open (dialog or an offered path), the example, `commitOpen`, the dirty state the renderer
 * reports, the unsaved-changes prompt, closing the window and the menu-command long poll.
 *
 * Open and the example only read: main's document changes at `commitOpen`, after the renderer
 * showed the project (./pending-open.ts).
 */
import { basename, extname, isAbsolute } from 'node:path';
import type { ApiError, ApiResult, DiscardChoice, DocumentInfo, MenuCommand, OpenedProject } from '@shared/api';
import type { ParseOutcome, Project } from '@shared/project/types';
import { PROJECT_EXTENSION } from '@shared/project/types';
import type { ProjectApi, ProjectContext } from './project-handlers';
import { isOfferedPath, rememberRecent } from './project-recent-handlers';
import { errText, explain, fail, formatFailure, isPlainObject, warningLines, type Failure } from './project-results';

export const UNTITLED = 'Untitled';
/** Longest path accepted from the renderer. */
const MAX_PATH_LENGTH = 4096;

/** `path` with the .mfproj extension (appended when missing). */
export function withProjectExtension(path: string): string {
  return extname(path).toLowerCase() === PROJECT_EXTENSION ? path : path + PROJECT_EXTENSION;
}

export function documentOf(path: string): DocumentInfo {
  return { path, name: basename(path) };
}

type DocumentApi = Pick<
  ProjectApi,
  'newProject' | 'saveProject' | 'openProject' | 'openExample' | 'commitOpen' | 'setDocumentState' | 'confirmDiscard' | 'closeWindow' | 'waitMenuCommand'
>;

export function createDocumentHandlers(ctx: ProjectContext): DocumentApi {
  const { deps, session } = ctx;

  /** Reads, parses and checks a file; errors name the file and each field path at fault. */
  async function load(path: string): Promise<{ ok: true; project: Project; warnings: string[] } | { ok: false; error: ApiError }> {
    const lead = `Could not open ${basename(path)}`;
    let text: string;
    try {
      text = await deps.files.read(path);
    } catch (e) {
      return fail(explain(lead, e));
    }
    let parsed: ParseOutcome;
    try {
      parsed = deps.codec.parse(text);
    } catch (e) {
      return fail(`${lead}: ${errText(e)}`);
    }
    if (!parsed.ok) return formatFailure(`${lead}: `, parsed.errors, 'not a project file');
    return { ok: true, project: parsed.project, warnings: warningLines(parsed.warnings) };
  }

  /** A read project for the renderer; `document` (saved, and `recentPath` listed) becomes main's at commitOpen. */
  function offer(project: Project, document: DocumentInfo, warnings: string[], recentPath: string | null): OpenedProject {
    const token = ctx.pending.offer(async () => {
      session.document = { ...document };
      session.dirty = false;
      ctx.changed();
      if (recentPath !== null) await rememberRecent(ctx, recentPath);
      return { ...session.document };
    });
    return { project, document: { ...document }, warnings, token };
  }

  /**
   * Where Save As writes: the dialog's choice with the .mfproj extension. When the extension was
   * added and that file exists, the dialog never asked about it: ask to replace it here.
   */
  async function chooseSaveTarget(): Promise<{ path: string } | { cancelled: true } | Failure> {
    let chosen: string | null;
    try {
      const suggested = session.document.name === UNTITLED ? `untitled${PROJECT_EXTENSION}` : withProjectExtension(session.document.name);
      chosen = await deps.chooseSavePath(suggested);
    } catch (e) {
      return fail(`Could not ask where to save: ${errText(e)}`);
    }
    if (chosen === null || chosen === '') return { cancelled: true };
    if (typeof chosen !== 'string' || !isAbsolute(chosen)) return fail(`Cannot save to '${String(chosen)}': not an absolute path.`);
    const path = withProjectExtension(chosen);
    if (path === chosen) return { path };
    const name = basename(path);
    let exists: boolean;
    try {
      exists = await deps.files.exists(path);
    } catch (e) {
      return fail(`Not saved: could not check whether ${name} exists (${errText(e)}).`);
    }
    if (!exists) return { path };
    if (deps.confirmReplace === undefined) {
      return fail(`Not saved: ${name} already exists. Choose it in the Save dialog to replace it, or type another name.`);
    }
    try {
      return (await deps.confirmReplace(name)) === true ? { path } : { cancelled: true };
    } catch (e) {
      return fail(`Not saved: could not ask whether to replace ${name} (${errText(e)}).`);
    }
  }

  return {
    async newProject(): Promise<ApiResult<DocumentInfo>> {
      ctx.pending.forget();
      session.document = { path: null, name: UNTITLED };
      session.dirty = false;
      ctx.changed();
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
        if (!check.ok) return formatFailure('Not saved: the project is not valid (', check.errors, 'unknown problem', ').');
      } catch (e) {
        return fail(`Not saved: the project could not be written (${errText(e)}).`);
      }
      let path = session.document.path;
      if (path === null || saveAs) {
        const target = await chooseSaveTarget();
        if ('cancelled' in target) return { ok: true, value: { saved: false } };
        if ('ok' in target) return target;
        path = target.path;
      }
      try {
        await deps.files.write(path, text);
      } catch (e) {
        const m = explain(`Could not save ${basename(path)}`, e);
        return fail(/unchanged/.test(m) ? m : `${m}. The file on disk is unchanged.`);
      }
      ctx.pending.forget();
      session.document = documentOf(path);
      session.dirty = false;
      ctx.changed();
      await rememberRecent(ctx, path);
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
        if (!(await isOfferedPath(ctx, given))) {
          return fail(`Cannot open ${basename(given)}: only files from the Open dialog or the recent list can be opened.`, [
            { field: 'path', message: 'is not a file offered by the app' },
          ]);
        }
        path = given;
      }
      const loaded = await load(path);
      if (!loaded.ok) return loaded;
      return { ok: true, value: offer(loaded.project, documentOf(path), loaded.warnings, path) };
    },

    async openExample(): Promise<ApiResult<OpenedProject>> {
      if (deps.examplePath === null) return fail('The example project is not installed.');
      const loaded = await load(deps.examplePath);
      if (!loaded.ok) return loaded;
      // An untitled copy: Save asks where, so the shipped file is never overwritten.
      return { ok: true, value: offer(loaded.project, { path: null, name: basename(deps.examplePath) }, loaded.warnings, null) };
    },

    commitOpen: (token: unknown) => ctx.pending.commit(token),

    async setDocumentState(state: unknown): Promise<ApiResult<DocumentInfo>> {
      if (!isPlainObject(state) || typeof state.dirty !== 'boolean') {
        return fail('setDocumentState needs { dirty: boolean }.', [{ field: 'dirty', message: 'must be true or false' }]);
      }
      if (session.dirty !== state.dirty) {
        session.dirty = state.dirty;
        ctx.changed();
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
  };
}
