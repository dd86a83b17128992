/**
 * The project main has read for the renderer but not yet made its open document (see
 * `OpenedProject.token` in @shared/api). Main switches its document only when the renderer reports
 * that it showed the project (`commitOpen`): a project the renderer refused (e.g. while a job runs)
 * leaves main's path, name and unsaved state as they were, so Save and the close prompt still
 * concern what the user sees. Only the latest read can be committed, once.
 */
import { randomUUID } from 'node:crypto';
import type { ApiResult, DocumentInfo } from '@shared/api';
import { errText, fail } from './project-results';

/** Longest token accepted from the renderer (tokens are UUIDs). */
const MAX_TOKEN_LENGTH = 64;

export class PendingOpen {
  #pending: { token: string; commit: () => Promise<DocumentInfo> } | null = null;

  /** Holds `commit` (what makes the read project main's document) under a new token; replaces an older one. */
  offer(commit: () => Promise<DocumentInfo>): string {
    const token = randomUUID();
    this.#pending = { token, commit };
    return token;
  }

  /** Forgets the held project (the document changed otherwise: New, Save). */
  forget(): void {
    this.#pending = null;
  }

  /** Runs the held commit when `token` is the latest one offered; otherwise fails and changes nothing. */
  async commit(token: unknown): Promise<ApiResult<DocumentInfo>> {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      return fail('commitOpen needs the token of an opened project.', [{ field: 'token', message: 'must be a non-empty string' }]);
    }
    const p = this.#pending;
    if (p === null || p.token !== token) {
      return fail('This project can no longer be made the open document (it was already committed, or another file was read since).', [
        { field: 'token', message: 'is not the latest opened project' },
      ]);
    }
    this.#pending = null;
    try {
      return { ok: true, value: await p.commit() };
    } catch (e) {
      return fail(`Could not make the project the open document: ${errText(e)}`);
    }
  }
}
