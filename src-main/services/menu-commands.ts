/**
 * The queue of menu commands for the renderer (see `MenuCommand` in @shared/api). The native menu,
 * its shortcuts, the command line and the OS push commands; the renderer takes them with the
 * long-poll `waitMenuCommand`. Commands pushed while nobody waits are kept (a bounded queue), so a
 * file passed on the command line before the page loaded still opens.
 */
import type { MenuCommand } from '@shared/api';

/** Most commands kept while the renderer is not waiting (older ones are dropped). */
export const MAX_QUEUED_COMMANDS = 32;

export class MenuCommandQueue {
  #queue: MenuCommand[] = [];
  #waiter: ((c: MenuCommand | null) => void) | null = null;

  /** Delivers `command` to the waiting renderer, or queues it. */
  push(command: MenuCommand): void {
    const w = this.#waiter;
    if (w !== null) {
      this.#waiter = null;
      w(command);
      return;
    }
    this.#queue.push(command);
    if (this.#queue.length > MAX_QUEUED_COMMANDS) this.#queue.shift();
  }

  /**
   * The next command: a queued one at once, else the next one pushed. A newer call supersedes a
   * pending one, which then resolves null (its page was reloaded or replaced).
   */
  wait(): Promise<MenuCommand | null> {
    const next = this.#queue.shift();
    if (next !== undefined) return Promise.resolve(next);
    this.#waiter?.(null);
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  /**
   * The page is reloading: a pending wait belongs to the old page, so it resolves null and the
   * next command is kept for the new page's first wait.
   */
  supersede(): void {
    this.#waiter?.(null);
    this.#waiter = null;
  }

  /** Resolves a pending wait with null and forgets the queue (window closed). */
  dispose(): void {
    this.#waiter?.(null);
    this.#waiter = null;
    this.#queue = [];
  }
}
