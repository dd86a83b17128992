/**
 * The crash-recovery part of the project handlers (see ./project-handlers.ts): writing the copy of
 * a project with unsaved changes, offering a copy left by a session that did not exit cleanly, and
 * restoring or discarding it. A copy on offer is never overwritten until answered; Restore only
 * reads it, and its document becomes main's (unsaved) at `commitOpen` (./pending-open.ts).
 */
import type { ApiResult, OpenedProject, RecoveryInfo } from '@shared/api';
import type { ParseOutcome, Project } from '@shared/project/types';
import type { ProjectApi, ProjectContext, RecoveryStore } from './project-handlers';
import { errText, fail, formatFailure, isPlainObject, warningLines } from './project-results';

type RecoveryApi = Pick<ProjectApi, 'writeRecovery' | 'recoveryInfo' | 'restoreRecovery' | 'discardRecovery'>;

export function createRecoveryHandlers(ctx: ProjectContext): RecoveryApi {
  const { deps, session } = ctx;
  return {
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
      if (r === null) {
        session.recoveryPending = false;
        return fail('There is no recovery copy.');
      }
      let parsed: ParseOutcome;
      try {
        parsed = deps.codec.parse(r.text);
      } catch (e) {
        session.recoveryPending = false;
        return fail(`The recovery copy could not be read: ${errText(e)}`);
      }
      if (!parsed.ok) {
        // The offer is answered: this session's own recovery copies may replace the damaged one.
        session.recoveryPending = false;
        return formatFailure('The recovery copy is damaged (', parsed.errors, 'unreadable', ').');
      }
      const document = { ...r.document };
      const token = ctx.pending.offer(async () => {
        // Restored: the copy now holds this session's (unsaved) changes and may be rewritten.
        session.recoveryPending = false;
        session.document = { ...document };
        session.dirty = true;
        ctx.changed();
        return { ...session.document };
      });
      return { ok: true, value: { project: parsed.project, document, warnings: warningLines(parsed.warnings), token } };
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
