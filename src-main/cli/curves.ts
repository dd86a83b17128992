/**
 * `meanfield continue --curves Q:A:B`: from the traced branch to one curve request per fold (LP)
 * and Hopf (HB) point and second parameter Q (fold curves from LP points, Hopf curves from HB
 * points, in (P, Q) with P the --param within --from/--to and Q within [A, B], every other
 * parameter and input as for the branch, user points --at as values of P), checked before the
 * branch is traced.
 */
import type { Branch, ContinuationRequest } from '@shared/continuation/types';
import type { CurveRequest } from '@shared/curves/types';
import { domainProblem } from '@shared/continuation/validate';
import type { ModelDef } from '@shared/models/types';
import { UsageError, type CurvesOption } from './args';

/** Every parameter and input of the branch's request by name. */
function valuesOf(request: ContinuationRequest): Record<string, number> {
  return { ...request.params, ...request.inputs };
}

/**
 * Checks each --curves against the model and the branch's settings (a UsageError naming the option):
 * Q a parameter or input of the model, its current value inside [A, B], [A, B] inside its domain.
 */
export function checkCurvesOptions(curves: readonly CurvesOption[], request: ContinuationRequest, def: ModelDef): void {
  const paramNames = def.params.map((p) => p.name);
  const inputNames = def.inputs.map((i) => i.name);
  const values = valuesOf(request);
  for (const c of curves) {
    if (!paramNames.includes(c.param) && !inputNames.includes(c.param)) {
      const states = def.states.some((s) => s.name === c.param) ? `; ${c.param} is a state variable, not a parameter` : '';
      throw new UsageError(
        `${c.text}: unknown parameter or input '${c.param}' for ${def.name} (parameters: ${paramNames.join(', ')}; inputs: ${inputNames.join(', ') || 'none'})${states}`,
      );
    }
    const problem = domainProblem(c.from, def.params.find((p) => p.name === c.param)?.domain);
    if (problem !== null) throw new UsageError(`${c.text}: ${c.param} ${problem}: the range [${c.from}, ${c.to}] leaves the model's domain`);
    const v = values[c.param];
    if (!(v >= c.from && v <= c.to)) {
      const how = inputNames.includes(c.param) ? '--input' : '--set';
      throw new UsageError(
        `${c.text}: the range [${c.from}, ${c.to}] does not contain the current value ${c.param} = ${v}, where the curves start; widen it or set ${how} ${c.param}=VALUE inside it`,
      );
    }
  }
}

/**
 * One request per (--curves option, LP or HB point of the branch), in option order, then in order
 * along the branch. `def` goes into the requests of a model of the user's own.
 */
export function curveRequests(curves: readonly CurvesOption[], request: ContinuationRequest, branch: Branch, def?: ModelDef): CurveRequest[] {
  const values = valuesOf(request);
  const out: CurveRequest[] = [];
  for (const c of curves) {
    for (const s of branch.special) {
      if (s.type !== 'LP' && s.type !== 'HB') continue;
      out.push({
        model: request.model,
        ...(def !== undefined ? { def } : {}),
        type: s.type === 'LP' ? 'fold' : 'hopf',
        params: [request.param, c.param],
        values,
        start: { label: s.label, state: s.x.slice(), params: [s.p, values[c.param]], ...(s.type === 'HB' && s.omega !== undefined ? { omega: s.omega } : {}) },
        bounds: [
          [request.bounds[0], request.bounds[1]],
          [c.from, c.to],
        ],
        settings: { ...request.settings },
        ...(request.at !== undefined && request.at.length > 0 ? { at: request.at.slice() } : {}),
      });
    }
  }
  return out;
}
