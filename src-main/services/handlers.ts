/**
 * The main-process implementation of the API contract (@shared/api), as plain async functions with
 * no Electron import: ipc.ts registers them with ipcMain, the end-to-end tests call them directly.
 *
 * Every argument is untrusted (it crosses IPC): each handler checks it and answers a malformed call
 * with its contract's failure value ({ ok: false, error }, an issue list, or { state: 'unknown' }).
 * No handler throws.
 */
import type { Api, ApiError, ApiResult, JobPoll } from '@shared/api';
import type { ModelDef } from '@shared/models/types';
import { TEMPLATES } from '@shared/models/templates';
import { JOB_KINDS, isJobKind } from '@shared/jobs';
import type { FieldIssue } from '@shared/simulation/types';
import { JOB_CHECKS } from '../engine/job-checks';
import { requestIssues } from '../engine/request-issues';
import { exportFile, type SavePathChooser } from './export-file';
import type { JobService } from './jobs';
import { createModelFileHandlers, type ModelFileDeps } from './model-file-handlers';
import { createProjectHandlers, unavailableProjectHandlers, type DocumentSession, type ProjectDeps } from './project-handlers';

export interface HandlerDeps {
  jobs: JobService;
  /** Asks where to save an export (a native dialog in the app, a temporary path in tests). */
  chooseSavePath?: SavePathChooser;
  /** Project documents: files, dialogs, recovery, recent list, menu commands (absent: those calls fail). */
  project?: ProjectDeps;
  /** The open document's state, shared with the window (created when absent). */
  session?: DocumentSession;
  /** Model files: the dialogs of Import Model… and Export Model… (absent: those calls fail). */
  modelFiles?: ModelFileDeps;
}

/** Job ids are short strings made by the job service; anything else is not one. */
const MAX_JOB_ID_LENGTH = 64;

function isJobId(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= MAX_JOB_ID_LENGTH;
}

function internalError(method: string, e: unknown): ApiError {
  console.error(`api.${method} failed:`, e);
  return { message: `Internal error in ${method}: ${e instanceof Error ? e.message : String(e)}` };
}

/** The API handlers backed by `deps`. */
export function createHandlers(deps: HandlerDeps): Api {
  const { jobs } = deps;
  const projectHandlers = deps.project ? createProjectHandlers(deps.project, deps.session) : unavailableProjectHandlers();
  return {
    ...projectHandlers,
    ...createModelFileHandlers(deps.modelFiles),
    async listModels(): Promise<ModelDef[]> {
      return TEMPLATES.map((t) => structuredClone(t));
    },

    async validateSimulation(request: unknown): Promise<FieldIssue[]> {
      try {
        const error = requestIssues(request);
        if (error === null) return [];
        return error.issues && error.issues.length > 0 ? error.issues : [{ field: 'request', message: error.message }];
      } catch (e) {
        return [{ field: 'request', message: internalError('validateSimulation', e).message }];
      }
    },

    async startJob(job: unknown): Promise<ApiResult<{ jobId: string }>> {
      try {
        const kind = job !== null && typeof job === 'object' ? (job as { kind?: unknown }).kind : undefined;
        if (!isJobKind(kind)) {
          return {
            ok: false,
            error: {
              message: `Cannot start a job: its kind must be one of ${JOB_KINDS.join(', ')}.`,
              issues: [{ field: 'kind', message: `must be one of ${JOB_KINDS.join(', ')}` }],
            },
          };
        }
        const request = (job as { request?: unknown }).request;
        const error = JOB_CHECKS[kind](request);
        if (error !== null) return { ok: false, error };
        return { ok: true, value: { jobId: jobs.start(request as never, kind) } };
      } catch (e) {
        return { ok: false, error: internalError('startJob', e) };
      }
    },

    async pollJob(jobId: unknown): Promise<JobPoll> {
      if (!isJobId(jobId)) return { state: 'unknown' };
      try {
        return jobs.poll(jobId);
      } catch (e) {
        internalError('pollJob', e);
        return { state: 'unknown' };
      }
    },

    async cancelJob(jobId: unknown): Promise<ApiResult<null>> {
      if (!isJobId(jobId)) {
        return {
          ok: false,
          error: { message: 'Cannot cancel: the job id must be a short string.', issues: [{ field: 'jobId', message: 'must be a job id' }] },
        };
      }
      try {
        if (!jobs.cancel(jobId)) return { ok: false, error: { message: `No job ${jobId} is running (it may have finished already).` } };
        return { ok: true, value: null };
      } catch (e) {
        return { ok: false, error: internalError('cancelJob', e) };
      }
    },

    async exportFile(request: unknown): Promise<ApiResult<{ saved: boolean; path?: string }>> {
      try {
        return await exportFile(request, deps.chooseSavePath);
      } catch (e) {
        return { ok: false, error: internalError('exportFile', e) };
      }
    },
  };
}
