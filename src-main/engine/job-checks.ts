/**
 * The request check of every job kind (@shared/jobs), run by main's API handlers before a job is
 * queued and again by the worker before it runs. Light: imports validation only, no engine code.
 */
import type { ApiError } from '@shared/api';
import type { JobKind } from '@shared/jobs';
import { continuationRequestIssues, curveRequestIssues, cycleRequestIssues, networkRequestIssues, requestIssues } from './request-issues';

export const JOB_CHECKS: { readonly [K in JobKind]: (request: unknown) => ApiError | null } = {
  simulation: requestIssues,
  continuation: continuationRequestIssues,
  curve: curveRequestIssues,
  cycle: cycleRequestIssues,
  network: networkRequestIssues,
};
