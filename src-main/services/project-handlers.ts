/**
 * The project-document part of the API (@shared/api: newProject ... discardRecovery), as plain
 * async functions with no Electron import. Main owns the open document: its path, its name and
 * whether it has unsaved changes. The renderer never names a file to write, and may open only paths
 * main offered (the open dialog, the recent list, a command-line or OS file, see `offered`).
 *
 * Every argument is untrusted (it crosses IPC); no handler throws. Disk access, dialogs, the
 * document format and the window are injected (`ProjectDeps`), so tests drive them without Electron.
 * The handlers are grouped by what they serve: open / save / the document state
 * (./project-document-handlers.ts), the crash-recovery copy (./project-recovery-handlers.ts) and
 * the recent list (./project-recent-handlers.ts).
 */
import type { Api, DiscardChoice, DocumentInfo } from '@shared/api';
import type { ParseOutcome, Project } from '@shared/project/types';
import type { MenuCommandQueue } from './menu-commands';
import { PendingOpen } from './pending-open';
import { createDocumentHandlers, UNTITLED } from './project-document-handlers';
import { createRecentHandlers } from './project-recent-handlers';
import { createRecoveryHandlers } from './project-recovery-handlers';
import { fail } from './project-results';

/** The document format (serialize / parse+validate+migrate), from src-shared/project. */
export interface ProjectCodec {
  serialize(project: Project): string;
  parse(text: string): ParseOutcome;
}

/** Reading and writing project files (size-limited read; atomic write keeping a .bak). */
export interface ProjectFiles {
  read(path: string): Promise<string>;
  write(path: string, text: string): Promise<void>;
  /** Whether something already exists at `path`. */
  exists(path: string): Promise<boolean>;
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
  /**
   * "`fileName` already exists. Replace it?" (true = replace). Asked when Save As added the .mfproj
   * extension to the chosen name, so the save dialog did not ask about that file. Without it such
   * a save is refused with a message.
   */
  confirmReplace?(fileName: string): Promise<boolean>;
  /** The shipped example project, or null when it is not installed. */
  examplePath: string | null;
  /** The document or its dirty state changed (window title, Open Recent menu). */
  onDocumentChange?(document: DocumentInfo, dirty: boolean): void;
  onRecentChange?(recent: string[]): void;
  /** Closes the window without asking (the renderer saved for a close). */
  closeWindow?(): void;
}

export type ProjectApi = Pick<
  Api,
  | 'newProject'
  | 'saveProject'
  | 'openProject'
  | 'openExample'
  | 'commitOpen'
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

/** What the handler groups share. */
export interface ProjectContext {
  deps: ProjectDeps;
  session: DocumentSession;
  /** The project read but not yet shown by the renderer (see ./pending-open.ts). */
  pending: PendingOpen;
  /** Reports the session's document and dirty state to `deps.onDocumentChange`. */
  changed(): void;
}

/** The project handlers backed by `deps`; `session` is the document state main shares with the window. */
export function createProjectHandlers(deps: ProjectDeps, session = new DocumentSession()): ProjectApi {
  const ctx: ProjectContext = {
    deps,
    session,
    pending: new PendingOpen(),
    changed: () => deps.onDocumentChange?.({ ...session.document }, session.dirty),
  };
  return { ...createDocumentHandlers(ctx), ...createRecentHandlers(ctx), ...createRecoveryHandlers(ctx) };
}

/** Handlers for a host without project files (every call reports that). */
export function unavailableProjectHandlers(): ProjectApi {
  const no = async () => fail('Project files are not available here.');
  return {
    newProject: no,
    saveProject: no,
    openProject: no,
    openExample: no,
    commitOpen: no,
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
