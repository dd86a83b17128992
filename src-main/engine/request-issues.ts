/**
 * Checks a simulation, continuation, curve, cycle or network request from untrusted input before any work: its shape, the
 * model name, then every value against the model (see @shared/simulation/validate and
 * @shared/continuation/validate). Pure; shared by the worker (./run-request.ts,
 * ./run-continuation-request.ts) and main's API handlers, so both refuse the same requests.
 */
import type { ApiError } from '@shared/api';
import type { ContinuationRequest } from '@shared/continuation/types';
import { checkContinuationRequestShape, validateContinuation } from '@shared/continuation/validate';
import type { CurveRequest } from '@shared/curves/types';
import { checkCurveRequestShape, validateCurve } from '@shared/curves/validate';
import type { CycleRequest } from '@shared/cycles/types';
import { checkCycleRequestShape, validateCycle } from '@shared/cycles/validate';
import { requestModel } from '@shared/models/request-model';
import { getTemplate } from '@shared/models/templates';
import { NETWORK_MODELS, type NetworkRequest } from '@shared/network/types';
import { networkModel, validateNetwork } from '@shared/network/validate';
import type { ModelDef } from '@shared/models/types';
import type { FieldIssue, SimulationRequest } from '@shared/simulation/types';
import { checkSimulationRequestShape, validateSimulation } from '@shared/simulation/validate';

function issuesOf<R extends { model: string; def?: ModelDef }>(
  request: unknown,
  what: 'simulation' | 'continuation' | 'curve' | 'cycle',
  shapeIssues: (x: unknown) => FieldIssue[],
  valueIssues: (req: R, def: ModelDef) => FieldIssue[],
): ApiError | null {
  const shape = shapeIssues(request);
  if (shape.length > 0) return { message: `The ${what} request is malformed.`, issues: shape };
  const req = request as R;
  const model = requestModel(req);
  if (!model.ok) return { message: model.message, issues: model.issues };
  const issues = valueIssues(req, model.def);
  return issues.length > 0 ? { message: `The ${what} settings are invalid.`, issues } : null;
}

/** Why a simulation `request` cannot run (a message and the fields at fault), or null when it can. */
export function requestIssues(request: unknown): ApiError | null {
  return issuesOf<SimulationRequest>(request, 'simulation', checkSimulationRequestShape, validateSimulation);
}

/** Why a continuation `request` cannot be traced, or null when it can. */
export function continuationRequestIssues(request: unknown): ApiError | null {
  return issuesOf<ContinuationRequest>(request, 'continuation', checkContinuationRequestShape, validateContinuation);
}

/** Why a curve `request` cannot be traced, or null when it can. */
export function curveRequestIssues(request: unknown): ApiError | null {
  return issuesOf<CurveRequest>(request, 'curve', checkCurveRequestShape, validateCurve);
}

/** Why a cycle `request` cannot be traced, or null when it can. */
export function cycleRequestIssues(request: unknown): ApiError | null {
  return issuesOf<CycleRequest>(request, 'cycle', checkCycleRequestShape, validateCycle);
}

/** Why a network `request` cannot run (a template with a spiking network, checked as a simulation plus the network settings), or null. */
export function networkRequestIssues(request: unknown): ApiError | null {
  const shape = checkSimulationRequestShape(request);
  if (shape.length > 0) return { message: 'The network request is malformed.', issues: shape };
  const req = request as NetworkRequest;
  const def = networkModel(req.model) === null ? undefined : getTemplate(req.model);
  if (def === undefined) {
    return {
      message: `The model '${req.model}' has no spiking network.`,
      issues: [{ field: 'model', message: `has no spiking network (the network exists for the templates ${NETWORK_MODELS.join(', ')})` }],
    };
  }
  const issues = validateNetwork(req, def);
  return issues.length > 0 ? { message: 'The network settings are invalid.', issues } : null;
}
