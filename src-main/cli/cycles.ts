/**
 * `meanfield continue --cycles`: from the traced branch to one cycle request per Hopf (HB) point,
 * in order along the branch: the family born there, traced in the --param within --from/--to,
 * every other parameter and input as for the branch, user points --at as on the branch, the mesh
 * of --ntst/--ncol. Only --max-points carries over from the branch's settings: a family's steps are
 * measured in the orbit's norm, not in the parameter, so --ds-max does not apply to it.
 */
import type { Branch, ContinuationRequest } from '@shared/continuation/types';
import type { CycleBranch, CycleRequest } from '@shared/cycles/types';
import type { ModelDef } from '@shared/models/types';
import type { ContinueOptions } from './args';

/** One request per HB point of `branch` (none when it has none). `def` goes into the requests of a model of the user's own. */
export function cycleRequests(opts: ContinueOptions, request: ContinuationRequest, branch: Branch, def?: ModelDef): CycleRequest[] {
  const values = { ...request.params, ...request.inputs };
  delete values[request.param];
  const out: CycleRequest[] = [];
  for (const s of branch.special) {
    if (s.type !== 'HB' || s.omega === undefined) continue;
    out.push({
      model: request.model,
      ...(def !== undefined ? { def } : {}),
      param: request.param,
      values,
      start: { label: s.label, state: s.x.slice(), p: s.p, omega: s.omega },
      bounds: [request.bounds[0], request.bounds[1]],
      settings: opts.maxPoints !== undefined ? { maxPoints: opts.maxPoints } : {},
      ...(opts.ntst !== undefined ? { ntst: opts.ntst } : {}),
      ...(opts.ncol !== undefined ? { ncol: opts.ncol } : {}),
      ...(request.at !== undefined && request.at.length > 0 ? { at: request.at.slice() } : {}),
    });
  }
  return out;
}

/**
 * Whether the family `traced` (from one Hopf point of `branch`) ends at the Hopf point where
 * `request` would start, so that tracing from there gives the same family back: it ended back at a
 * Hopf point, that point's parameter lies nearer to the request's Hopf point than to any other HB
 * of the branch and within a thousandth of the range (or twice the last step) of it, and its last
 * orbit, widened by its amplitude, encloses the request's equilibrium in every state.
 */
export function sameFamily(traced: CycleBranch, request: CycleRequest, branch: Branch): boolean {
  const end = traced.ends[1];
  const last = traced.points[traced.points.length - 1];
  if (end.reason !== 'hopf' || end.p === undefined || last === undefined) return false;
  const pEnd = end.p;
  const start = request.start;
  if (start.kind === 'orbit') return false;
  const hopfs = branch.special.filter((s) => s.type === 'HB');
  const nearest = hopfs.reduce((a, b) => (Math.abs(b.p - pEnd) < Math.abs(a.p - pEnd) ? b : a), hopfs[0]);
  if (nearest === undefined || nearest.label !== request.start.label) return false;
  const [lo, hi] = request.bounds;
  if (!(Math.abs(pEnd - request.start.p) <= Math.max(1e-3 * (hi - lo), 2 * Math.abs(last.p - pEnd)))) return false;
  let amplitude = 0;
  for (let k = 0; k < last.min.length; k++) amplitude = Math.max(amplitude, last.max[k] - last.min[k]);
  return start.state.every((x, k) => x >= last.min[k] - amplitude && x <= last.max[k] + amplitude);
}
