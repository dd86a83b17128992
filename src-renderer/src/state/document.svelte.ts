/**
 * The open project document: its name, whether it has unsaved changes (derived: the studio's
 * change key differs from the one at the last save or open), New / Open / Save / Save As / the
 * example / the recent list, the unsaved-changes prompt, the crash-recovery copy (written every
 * 30 s while dirty, offered at start, removed when its changes are saved or left behind by New /
 * Open) and the menu commands main sends (long poll).
 * Main owns the file paths; this class only asks (see @shared/api). A project read by main becomes
 * main's open document only after it is shown here (`commitOpen`), so a project refused (a job is
 * running) leaves main and this page agreeing on the document that is still shown.
 */
import type { ApiError, ApiResult, MenuCommand, OpenedProject, RecoveryInfo } from '@shared/api';
import { TEST_MODE } from '../lib/test-hook';
import type { Studio } from './studio.svelte';

/** How often a recovery copy is written while there are unsaved changes. */
export const RECOVERY_INTERVAL_MS = 30_000;
/** Shortest interval a test page may ask for. */
const MIN_TEST_RECOVERY_MS = 50;

/**
 * The recovery interval for a page whose URL query is `search`: RECOVERY_INTERVAL_MS, except that a
 * page opened for end-to-end tests (`?test&recoveryMs=N`, see lib/test-hook.ts) may shorten it to
 * N ms. Outside test mode the query is ignored.
 */
export function recoveryIntervalMs(search: string, testMode: boolean): number {
  if (!testMode) return RECOVERY_INTERVAL_MS;
  const asked = Number(new URLSearchParams(search).get('recoveryMs') ?? NaN);
  return Number.isInteger(asked) && asked >= MIN_TEST_RECOVERY_MS && asked <= RECOVERY_INTERVAL_MS ? asked : RECOVERY_INTERVAL_MS;
}

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
  /** The recovery copy on disk holds this page's changes (written here, or restored from it). */
  #ownsRecoveryCopy = false;
  /** The recovery write in flight, if any (removing the copy waits for it). */
  #recoveryWrite: Promise<void> = Promise.resolve();

  constructor(studio: Studio) {
    this.#studio = studio;
  }

  /** Where File > New Model…, Import Model… and Export Model… go (the model workshop). */
  onModelCommand: ((kind: 'newModel' | 'importModel' | 'exportModel') => void | Promise<void>) | null = null;

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
    setInterval(() => void this.writeRecovery(), recoveryIntervalMs(location.search, TEST_MODE));
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
      case 'newModel':
      case 'importModel':
      case 'exportModel':
        return this.onModelCommand?.(c.kind);
    }
  }

  /** True (and says so) when a simulation or continuation runs: the project cannot be replaced now. */
  #jobRunning(): boolean {
    if (!this.#studio.job.busy && !this.#studio.trace.busy) return false;
    this.#studio.reportError('Wait for the running job to finish (or cancel it) first.');
    return true;
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
      if (this.#jobRunning()) return;
      if (!(await this.#confirmLeave())) return;
      // A job started while the prompt was open: keep the project (main still has it too).
      if (this.#jobRunning()) return;
      this.#studio.reset();
      const res = await window.api.newProject();
      if (res.ok) this.#name = res.value.name;
      this.#savedKey = this.#studio.changeKey;
      this.#openError = null;
      this.#notice = '';
      await this.#dropRecoveryCopy();
    }, undefined);
  }

  /** Saves (asking where when new, or `saveAs`); true when saved. */
  save(saveAs: boolean): Promise<boolean> {
    return this.#exclusive(() => this.#save(saveAs), false);
  }

  async #save(saveAs: boolean): Promise<boolean> {
    // A recovery write in flight must not land after the save removed the copy.
    await this.#recoveryWrite;
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
    // Main removed the recovery copy with the save.
    this.#recoveryKey = '';
    this.#ownsRecoveryCopy = false;
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
      if (this.#jobRunning()) return;
      if (!(await this.#confirmLeave())) return;
      const res = await read();
      if (!res.ok) {
        this.#openError = res.error;
        this.#recent = await window.api.listRecent();
        return;
      }
      if ('cancelled' in res.value) return;
      const shown = await this.#show(res.value, false);
      this.#recent = await window.api.listRecent();
      if (shown) await this.#dropRecoveryCopy();
    }, undefined);
  }

  /**
   * Shows `opened` and tells main to make it the open document; false when the studio refused it (a
   * job started meanwhile): the project stays as it was, in main too.
   */
  async #show(opened: OpenedProject, unsaved: boolean): Promise<boolean> {
    const refused = this.#studio.loadProject(opened.project);
    if (refused !== null) {
      this.#openError = { message: `Could not open ${opened.document.name}: ${refused}` };
      return false;
    }
    this.#name = opened.document.name;
    this.#savedKey = unsaved ? NEVER_SAVED : this.#studio.changeKey;
    this.#openError = null;
    this.#notice =
      opened.warnings.length > 0
        ? `Opened ${opened.document.name} (${opened.warnings.length} note${opened.warnings.length === 1 ? '' : 's'}: ${opened.warnings[0]})`
        : `Opened ${opened.document.name}`;
    const committed = await window.api.commitOpen(opened.token);
    if (!committed.ok) {
      // Main kept its document: keep what is shown as an unsaved, untitled project, so that no
      // save goes to the file main still has.
      const res = await window.api.newProject();
      this.#name = res.ok ? res.value.name : 'Untitled';
      this.#savedKey = NEVER_SAVED;
      this.#studio.reportError(committed.error.message);
    }
    return true;
  }

  /**
   * Restores the recovery copy offered at start (unsaved until saved), after asking about the
   * current project's unsaved changes; refused while a job runs (the offer then stays).
   */
  restoreRecovery(): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#jobRunning()) return;
      if (!(await this.#confirmLeave())) return;
      const res = await window.api.restoreRecovery();
      if (!res.ok) {
        this.#recovery = null;
        this.#openError = res.error;
        return;
      }
      if (await this.#show(res.value, true)) {
        this.#recovery = null;
        this.#ownsRecoveryCopy = true;
        this.#recoveryKey = '';
      }
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

  /**
   * Writes the recovery copy when there are changes not yet in it (and no earlier copy is offered).
   * Writes run one at a time; each checks the state when it starts.
   */
  writeRecovery(): Promise<void> {
    const needed = () => this.dirty && this.#recovery === null && !this.#busy && this.#studio.changeKey !== this.#recoveryKey;
    if (!needed()) return this.#recoveryWrite;
    this.#recoveryWrite = this.#recoveryWrite
      .then(async () => {
        if (!needed()) return;
        const key = this.#studio.changeKey;
        const res = await window.api.writeRecovery(this.#studio.toProject());
        if (res.ok) {
          this.#recoveryKey = key;
          this.#ownsRecoveryCopy = true;
        }
      })
      .catch(() => undefined);
    return this.#recoveryWrite;
  }

  /**
   * After New or Open replaced the document (its changes saved or discarded): removes the recovery
   * copy of those changes. A copy from an earlier session still offered is not this page's and stays.
   */
  async #dropRecoveryCopy(): Promise<void> {
    await this.#recoveryWrite;
    this.#recoveryKey = '';
    if (!this.#ownsRecoveryCopy || this.#recovery !== null) return;
    this.#ownsRecoveryCopy = false;
    const res = await window.api.discardRecovery();
    if (!res.ok) this.#studio.reportError(res.error.message);
  }
}
