/**
 * The one contract between the renderer and the main process. Every method is an invoke-style call
 * (request -> promise of result). The preload exposes exactly `API_METHODS` as `window.api`, main
 * registers one handler per name and validates every argument before any work.
 *
 * Long work (simulations, continuations, ...: the kinds of ./jobs.ts) is a job: `startJob` returns a
 * job id at once, the renderer polls `pollJob` for progress and the result, `cancelJob` stops it
 * (keeping what was computed).
 */
import type { JobFinished, JobKind, JobRunning, JobStart } from './jobs';
import type { ModelDef } from './models/types';
import type { Project } from './project/types';
import type { FieldIssue, SimulationRequest } from './simulation/types';

/** A failed call: a message for the user and, where it applies, the fields at fault. */
export interface ApiError {
  message: string;
  issues?: FieldIssue[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export type { JobKind } from './jobs';

/**
 * What `pollJob` reports. A finished job's result is delivered once, then the job is forgotten.
 * A running job may carry `partial` (e.g. a continuation's branch traced so far), sent only when it
 * grew since the previous poll (keep the last one received).
 */
export type JobPoll = JobRunning | JobFinished | { state: 'failed'; kind: JobKind; error: ApiError } | { state: 'unknown' };

export interface ExportRequest {
  /** File name offered in the save dialog, e.g. `ik_nodim-runs.csv`. */
  suggestedName: string;
  kind: 'csv' | 'png';
  /** CSV text or PNG bytes. */
  data: string | Uint8Array;
}

/** The open document as main knows it: its file (null until saved) and the name shown. */
export interface DocumentInfo {
  /** Absolute path of the file, or null for a new project or an example (Save asks where). */
  path: string | null;
  /** File name shown in the title and status bar, e.g. `pyrates-izhikevich.mfproj` or `Untitled`. */
  name: string;
}

/**
 * A project read from disk (or from the recovery copy), checked and migrated. Main does not switch
 * its open document yet: once the renderer shows the project it calls `commitOpen(token)`; a project
 * the renderer refuses is never committed and main keeps the document it had.
 */
export interface OpenedProject {
  project: Project;
  document: DocumentInfo;
  /** Things the reader noted but accepted (e.g. unknown fields dropped, migrated from version 1). */
  warnings: string[];
  /** Pass to `commitOpen` once the project is shown. */
  token: string;
}

/**
 * Commands from the native menu, its shortcuts, the command line and the OS (a second launch with a
 * file, macOS 'open-file'), delivered to the renderer by `waitMenuCommand`.
 * - `openPath`: open this file (after asking about unsaved changes); the path is one main offered.
 * - `saveAndClose`: the user chose Save when closing the window; save, then `closeWindow()`.
 */
export type MenuCommand =
  | { kind: 'new' | 'open' | 'save' | 'saveAs' | 'run' | 'openExample' | 'saveAndClose' | 'newModel' | 'importModel' | 'exportModel' }
  | { kind: 'openPath'; path: string };

/** File formats a model is exported to: PyRates' YAML, or the definition as JSON. */
export type ModelFileFormat = 'yaml' | 'json';

/**
 * The models read from a model file the user chose: one entry per model (template) in the file,
 * each its checked definition or why it could not be imported. Nothing in the file is executed.
 */
export interface ImportedModels {
  /** The file's name (no folders), for messages. */
  file: string;
  models: { name: string; def?: ModelDef; error?: string }[];
}

/** The answer to "Save changes?": Save / Don't Save / Cancel. */
export type DiscardChoice = 'save' | 'discard' | 'cancel';

/** A recovery copy found at start (written while a project had unsaved changes, not cleared by a clean exit). */
export interface RecoveryInfo {
  /** Name of the document it was a copy of. */
  name: string;
  /** When it was written (ms since the epoch). */
  savedAt: number;
}

export interface Api {
  /** The built-in model templates. */
  listModels(): Promise<ModelDef[]>;
  /** Checks a request without running it: [] when it would run. */
  validateSimulation(request: SimulationRequest): Promise<FieldIssue[]>;
  /**
   * Starts a job (a simulation, the steady-state branch of `request.param`, ...) once its request
   * passed every check; a refused one fails with the fields at fault.
   */
  startJob(job: JobStart): Promise<ApiResult<{ jobId: string }>>;
  pollJob(jobId: string): Promise<JobPoll>;
  cancelJob(jobId: string): Promise<ApiResult<null>>;
  /** Asks where to save (native dialog) and writes the file; `saved: false` when the user cancels. */
  exportFile(request: ExportRequest): Promise<ApiResult<{ saved: boolean; path?: string }>>;

  // Project documents (.mfproj). Main keeps the open document's path: the renderer never names a
  // file to write, and opens only paths main offered (dialog, recent list, command line, OS).

  /** Starts a new, untitled document (main forgets the current path). */
  newProject(): Promise<ApiResult<DocumentInfo>>;
  /**
   * Saves `project` to the current file, or asks where (native dialog, .mfproj) when there is none
   * or `saveAs`. Atomic, keeping `name.mfproj.bak` until the new file is complete. `saved: false`
   * when the user cancels. A failure leaves the old file as it was.
   */
  saveProject(request: { project: Project; saveAs: boolean }): Promise<ApiResult<{ saved: boolean; document?: DocumentInfo }>>;
  /**
   * Opens a project: `path` (from the recent list or a command) or, without it, the open dialog.
   * `cancelled` when the user cancels the dialog; errors name the field paths at fault.
   */
  openProject(request: { path?: string }): Promise<ApiResult<OpenedProject | { cancelled: true }>>;
  /** Opens the shipped example (as an untitled copy: Save asks where). */
  openExample(): Promise<ApiResult<OpenedProject>>;
  /**
   * The renderer shows the project that openProject / openExample / restoreRecovery returned with
   * `token`: main makes it the open document (path, name, unsaved state, recent list). Fails when
   * the token is not the latest one read or was already used; main's document is then unchanged.
   */
  commitOpen(token: string): Promise<ApiResult<DocumentInfo>>;
  /** Recently opened or saved files, newest first. */
  listRecent(): Promise<string[]>;
  /** Empties the recent list. */
  clearRecent(): Promise<ApiResult<null>>;
  /** Tells main whether the document has unsaved changes (window title, close prompt, recovery). */
  setDocumentState(state: { dirty: boolean }): Promise<ApiResult<DocumentInfo>>;
  /** Asks Save / Don't Save / Cancel about the unsaved changes (native message box). */
  confirmDiscard(): Promise<DiscardChoice>;
  /** Closes the window without asking again (after the renderer saved for a close). */
  closeWindow(): Promise<ApiResult<null>>;
  /**
   * Waits for the next menu command (long poll; commands fired while nobody waits are queued).
   * Resolves null when a newer call replaced this one (e.g. after a reload): stop waiting then.
   */
  waitMenuCommand(): Promise<MenuCommand | null>;
  /** Writes the crash-recovery copy of a project with unsaved changes (atomic, user-data folder). */
  writeRecovery(project: Project): Promise<ApiResult<null>>;
  /** The recovery copy left by a session that did not exit cleanly, or null. */
  recoveryInfo(): Promise<RecoveryInfo | null>;
  /** Reads the recovery copy (its document becomes the current one, unsaved, at `commitOpen`); the copy stays until saved or discarded. */
  restoreRecovery(): Promise<ApiResult<OpenedProject>>;
  /** Deletes the recovery copy. */
  discardRecovery(): Promise<ApiResult<null>>;

  // Model files. Main shows the dialogs and reads or writes the file; the renderer never names a path.

  /**
   * Asks for a model file (open dialog: PyRates YAML or a model as JSON), reads it and the files
   * it refers to (size-limited) and returns its models, checked; `cancelled` when the user cancels.
   * Takes no argument.
   */
  importModel(): Promise<ApiResult<ImportedModels | { cancelled: true }>>;
  /** Checks `def`, asks where to save (native dialog) and writes it as `format`; `saved: false` when cancelled. */
  exportModel(request: { def: ModelDef; format: ModelFileFormat }): Promise<ApiResult<{ saved: boolean; path?: string }>>;
}

export type ApiMethod = keyof Api;

/** The names the preload exposes, in a fixed order; nothing else crosses the bridge. */
export const API_METHODS = [
  'listModels',
  'validateSimulation',
  'startJob',
  'pollJob',
  'cancelJob',
  'exportFile',
  'newProject',
  'saveProject',
  'openProject',
  'openExample',
  'commitOpen',
  'listRecent',
  'clearRecent',
  'setDocumentState',
  'confirmDiscard',
  'closeWindow',
  'waitMenuCommand',
  'writeRecovery',
  'recoveryInfo',
  'restoreRecovery',
  'discardRecovery',
  'importModel',
  'exportModel',
] as const satisfies readonly ApiMethod[];

/** IPC channel of a method. */
export const channelOf = (method: ApiMethod): string => `api:${method}`;
