/**
 * Checks a continuation request from untrusted input before any work: its shape, the model name,
 * then every value against the model (see @shared/continuation/validate). Pure; shared by the
 * worker (./run-continuation-request.ts) and main's API handlers, so both refuse the same requests.
 */
import type { ApiError } from '@shared/api';
import type { ContinuationRequest } from '@shared/continuation/types';
import { checkContinuationRequestShape, validateContinuation } from '@shared/continuation/validate';
import { getTemplate, TEMPLATES } from '@shared/models/templates';

/** Why `request` cannot be traced (a message and the fields at fault), or null when it can. */
export function continuationRequestIssues(request: unknown): ApiError | null {
  const shape = checkContinuationRequestShape(request);
  if (shape.length > 0) return { message: 'The continuation request is malformed.', issues: shape };
  const req = request as ContinuationRequest;
  const def = getTemplate(req.model);
  if (def === undefined) {
    const known = TEMPLATES.map((t) => t.name).join(', ');
    return {
      message: `Unknown model '${req.model}'.`,
      issues: [{ field: 'model', message: `unknown model '${req.model}' (models: ${known})` }],
    };
  }
  const issues = validateContinuation(req, def);
  if (issues.length > 0) return { message: 'The continuation settings are invalid.', issues };
  return null;
}
