/**
 * The window's side of the open document: the unsaved-changes prompt when the window closes (or the
 * app quits), and removing the crash-recovery copy on a clean close. Plus two pure helpers: the
 * window title and the project files named on a command line.
 *
 * Closing with unsaved changes: the close is held back and Save / Don't Save / Cancel asked.
 * Don't Save closes; Cancel keeps the window; Save sends `saveAndClose` to the renderer, which saves
 * (asking where when the project is new) and then calls `closeWindow()`; if the renderer does not
 * listen (hung page), Save cannot run and the window stays open.
 */
import type { BrowserWindow } from 'electron';
import { isAbsolute, resolve } from 'node:path';
import { PROJECT_EXTENSION } from '@shared/project/types';
import type { DiscardChoice } from '@shared/api';
import type { MenuCommandQueue } from './services/menu-commands';
import type { DocumentSession } from './services/project-handlers';

export const APP_TITLE = 'MeanField Studio';

/** "name.mfproj • — MeanField Studio" (the dot only with unsaved changes). */
export function titleOf(name: string, dirty: boolean): string {
  return `${name}${dirty ? ' •' : ''} — ${APP_TITLE}`;
}

/**
 * The .mfproj files among command-line arguments, as absolute paths (relative ones against `cwd`).
 * Options (starting with '-') and other files are ignored.
 */
export function projectFilesIn(args: readonly string[], cwd: string): string[] {
  return args
    .filter((a) => typeof a === 'string' && !a.startsWith('-') && a.toLowerCase().endsWith(PROJECT_EXTENSION))
    .map((a) => (isAbsolute(a) ? a : resolve(cwd, a)));
}

export interface DocumentWindowDeps {
  session: DocumentSession;
  menu: MenuCommandQueue;
  askToSave(name: string): Promise<DiscardChoice>;
  clearRecovery(): Promise<void>;
}

/** Installs the close prompt on `win`; returns a function that closes it without asking. */
export function attachDocumentWindow(win: BrowserWindow, deps: DocumentWindowDeps): () => void {
  let allowClose = false;
  let asking = false;
  let discarded = false;

  win.on('close', (event) => {
    if (allowClose || !deps.session.dirty) return;
    event.preventDefault();
    if (asking) return;
    asking = true;
    void deps
      .askToSave(deps.session.document.name)
      .then((choice) => {
        if (choice === 'discard') {
          discarded = true;
          allowClose = true;
          win.close();
        } else if (choice === 'save') {
          deps.menu.push({ kind: 'saveAndClose' });
        }
      })
      .catch((e) => console.error('The close prompt failed:', e))
      .finally(() => {
        asking = false;
      });
  });

  win.on('closed', () => {
    // A clean close (saved, or changes discarded) removes the recovery copy; an unanswered offer to
    // restore an earlier copy keeps it for the next start.
    const clean = discarded || !deps.session.dirty;
    if (clean && !deps.session.recoveryPending) void deps.clearRecovery().catch(() => undefined);
    deps.menu.dispose();
  });

  return () => {
    allowClose = true;
    if (!win.isDestroyed()) win.close();
  };
}
