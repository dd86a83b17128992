/**
 * Checks a simulation request from untrusted input before any work: its shape, the model name,
 * then every value against the model (see @shared/simulation/validate). Pure; shared by the
 * worker (./run-request.ts) and main's API handlers, so both refuse the same requests.
 */
import type { ApiError } from '@shared/api';
import { getTemplate, TEMPLATES } from '@shared/models/templates';
import type { SimulationRequest } from '@shared/simulation/types';
import { checkSimulationRequestShape, validateSimulation } from '@shared/simulation/validate';

/** Why `request` cannot run (a message and the fields at fault), or null when it can. */
export function requestIssues(request: unknown): ApiError | null {
  const shape = checkSimulationRequestShape(request);
  if (shape.length > 0) return { message: 'The simulation request is malformed.', issues: shape };
  const req = request as SimulationRequest;
  const def = getTemplate(req.model);
  if (def === undefined) {
    const known = TEMPLATES.map((t) => t.name).join(', ');
    return {
      message: `Unknown model '${req.model}'.`,
      issues: [{ field: 'model', message: `unknown model '${req.model}' (models: ${known})` }],
    };
  }
  const issues = validateSimulation(req, def);
  if (issues.length > 0) return { message: 'The simulation settings are invalid.', issues };
  return null;
}
