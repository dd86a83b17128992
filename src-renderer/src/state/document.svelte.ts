/**
 * The open project document: its name, whether it has unsaved changes (derived: the studio's
 * change key differs from the one at the last save or open), New / Open / Save / Save As / the
 * example / the recent list, the unsaved-changes prompt, the crash-recovery copy (written every
 * 30 s while dirty, offered at start) and the menu commands main sends (long poll).
 * Main owns the file paths; this class only asks (see @shared/api).
 */
import type { ApiError, ApiResult, MenuCommand, OpenedProject, RecoveryInfo } from '@shared/api';
import type { Studio } from './studio.svelte';

/** How often a recovery copy is written while there are unsaved changes. */
export const RECOVERY_INTERVAL_MS = 30_000;

/** The key no session has: a restored recovery copy is unsaved until saved. */
const NEVER_SAVED = '\u0000unsaved';

export class ProjectDocument {
  readonly #studio: Studio;
  #name = $state('Untitled');
  #savedKey = $state('');
  #busy = $state(false);
  #openError = $state.raw<ApiError | null>(null);
  #notice = $state('');
  #recovery = $state.raw<RecoveryInfo | null>(null);
  #recent = $state.raw<string[]>([]);
  #recoveryKey = '';

  constructor(studio: Studio) {
    this.#studio = studio;
  }

  get name(): string {
    return this.#name;
  }
  get dirty(): boolean {
    return this.#studio.changeKey !== this.#savedKey;
  }
  /** A file operation is in progress (further ones are ignored). */
  get busy(): boolean {
    return this.#busy;
  }
  /** Why the last open failed (with the field paths at fault), until dismissed. */
  get openError(): ApiError | null {
    return this.#openError;
  }
  dismissOpenError(): void {
    this.#openError = null;
  }
  /** A short note about the last file operation (saved to …, opened with warnings). */
  get notice(): string {
    return this.#notice;
  }
  /** A recovery copy from a session that did not exit cleanly, offered until restored or discarded. */
  get recovery(): RecoveryInfo | null {
    return this.#recovery;
  }
  get recent(): string[] {
    return this.#recent;
  }

  /** At start (models loaded): a fresh document in main, the recovery offer, the recent list, the menu loop, the recovery timer. */
  async start(): Promise<void> {
    this.#savedKey = this.#studio.changeKey;
    await window.api.newProject();
    this.#recovery = await window.api.recoveryInfo();
    this.#recent = await window.api.listRecent();
    void this.#listen();
    setInterval(() => void this.writeRecovery(), RECOVERY_INTERVAL_MS);
  }

  /** Tells main about the dirty state (window title, close prompt). */
  report(dirty: boolean): void {
    void window.api.setDocumentState({ dirty });
  }

  async #listen(): Promise<void> {
    for (;;) {
      let c: MenuCommand | null;
      try {
        c = await window.api.waitMenuCommand();
      } catch {
        return;
      }
      if (c === null) return;
      void this.command(c);
    }
  }

  /** Runs a command from the menu, a shortcut, the command line or the OS. */
  async command(c: MenuCommand): Promise<void> {
    switch (c.kind) {
      case 'new':
        return this.newProject();
      case 'open':
        return this.open();
      case 'openPath':
        return this.open(c.path);
      case 'openExample':
        return this.openExample();
      case 'save':
        return void (await this.save(false));
      case 'saveAs':
        return void (await this.save(true));
      case 'saveAndClose':
        if (await this.save(false)) await window.api.closeWindow();
        return;
      case 'run':
        return this.#studio.runActive();
    }
  }

  /** Asks about unsaved changes: true when it is fine to replace the project (saved or discarded). */
  async #confirmLeave(): Promise<boolean> {
    if (!this.dirty) return true;
    const choice = await window.api.confirmDiscard();
    if (choice === 'cancel') return false;
    if (choice === 'discard') return true;
    return this.#save(false);
  }

  async #exclusive<T>(work: () => Promise<T>, idle: T): Promise<T> {
    if (this.#busy) return idle;
    this.#busy = true;
    try {
      return await work();
    } catch (e) {
      this.#studio.reportError(`File operation failed: ${e instanceof Error ? e.message : String(e)}`);
      return idle;
    } finally {
      this.#busy = false;
    }
  }

  newProject(): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#studio.job.busy || this.#studio.trace.busy) {
        this.#studio.reportError('Wait for the running job to finish (or cancel it) first.');
        return;
      }
      if (!(await this.#confirmLeave())) return;
      this.#studio.reset();
      const res = await window.api.newProject();
      if (res.ok) this.#name = res.value.name;
      this.#savedKey = this.#studio.changeKey;
      this.#openError = null;
      this.#notice = '';
    }, undefined);
  }

  /** Saves (asking where when new, or `saveAs`); true when saved. */
  save(saveAs: boolean): Promise<boolean> {
    return this.#exclusive(() => this.#save(saveAs), false);
  }

  async #save(saveAs: boolean): Promise<boolean> {
    const key = this.#studio.changeKey;
    const res = await window.api.saveProject({ project: this.#studio.toProject(), saveAs });
    if (!res.ok) {
      this.#studio.reportError(res.error.message);
      return false;
    }
    if (!res.value.saved || !res.value.document) return false;
    this.#name = res.value.document.name;
    this.#savedKey = key;
    this.#notice = `Saved ${res.value.document.name}`;
    this.#recoveryKey = '';
    this.#recent = await window.api.listRecent();
    return true;
  }

  /** Opens a file (`path` from the recent list or a command; else the open dialog). */
  open(path?: string): Promise<void> {
    return this.#replace(() => window.api.openProject(path === undefined ? {} : { path }));
  }

  openExample(): Promise<void> {
    return this.#replace(() => window.api.openExample());
  }

  async #replace(read: () => Promise<ApiResult<OpenedProject | { cancelled: true }>>): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#studio.job.busy || this.#studio.trace.busy) {
        this.#studio.reportError('Wait for the running job to finish (or cancel it) first.');
        return;
      }
      if (!(await this.#confirmLeave())) return;
      const res = await read();
      this.#recent = await window.api.listRecent();
      if (!res.ok) {
        this.#openError = res.error;
        return;
      }
      if ('cancelled' in res.value) return;
      this.#apply(res.value, false);
    }, undefined);
  }

  #apply(opened: OpenedProject, unsaved: boolean): void {
    const refused = this.#studio.loadProject(opened.project);
    if (refused !== null) {
      this.#openError = { message: `Could not open ${opened.document.name}: ${refused}` };
      return;
    }
    this.#name = opened.document.name;
    this.#savedKey = unsaved ? NEVER_SAVED : this.#studio.changeKey;
    this.#openError = null;
    this.#notice = opened.warnings.length > 0 ? `Opened ${opened.document.name} (${opened.warnings.length} note${opened.warnings.length === 1 ? '' : 's'}: ${opened.warnings[0]})` : `Opened ${opened.document.name}`;
  }

  /** Restores the recovery copy offered at start (unsaved until saved). */
  restoreRecovery(): Promise<void> {
    return this.#exclusive(async () => {
      const res = await window.api.restoreRecovery();
      this.#recovery = null;
      if (!res.ok) {
        this.#openError = res.error;
        return;
      }
      this.#apply(res.value, true);
    }, undefined);
  }

  async discardRecovery(): Promise<void> {
    this.#recovery = null;
    const res = await window.api.discardRecovery();
    if (!res.ok) this.#studio.reportError(res.error.message);
  }

  async clearRecent(): Promise<void> {
    await window.api.clearRecent();
    this.#recent = [];
  }

  /** Writes the recovery copy when there are changes not yet in it (and no earlier copy is offered). */
  async writeRecovery(): Promise<void> {
    if (!this.dirty || this.#recovery !== null || this.#busy) return;
    const key = this.#studio.changeKey;
    if (key === this.#recoveryKey) return;
    const res = await window.api.writeRecovery(this.#studio.toProject());
    if (res.ok) this.#recoveryKey = key;
  }
}
