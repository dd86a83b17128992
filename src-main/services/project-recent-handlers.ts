/**
 * The recent-files part of the project handlers (see ./project-handlers.ts): listing and clearing
 * the list, adding a file opened or saved, and whether the renderer may open a path it names.
 */
import type { ApiResult } from '@shared/api';
import type { ProjectApi, ProjectContext } from './project-handlers';
import { errText, fail } from './project-results';

/** Puts `path` at the top of the recent list (a failure is logged, never reported: the file itself is fine). */
export async function rememberRecent(ctx: ProjectContext, path: string): Promise<void> {
  try {
    await ctx.deps.recent.add(path);
    ctx.deps.onRecentChange?.(await ctx.deps.recent.list());
  } catch (e) {
    console.warn(`Could not update the recent files: ${errText(e)}`);
  }
}

/** Whether main offered `path` to the renderer: from the command line, the OS or the menu, or in the recent list. */
export async function isOfferedPath(ctx: ProjectContext, path: string): Promise<boolean> {
  if (ctx.session.offered.has(path)) return true;
  try {
    return (await ctx.deps.recent.list()).includes(path);
  } catch {
    return false;
  }
}

export function createRecentHandlers(ctx: ProjectContext): Pick<ProjectApi, 'listRecent' | 'clearRecent'> {
  const { deps } = ctx;
  return {
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
  };
}
