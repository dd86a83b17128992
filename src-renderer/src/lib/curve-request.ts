/**
 * The curve request the "Continue curve" form makes from an LP or HB point of a branch, and the
 * first range it offers for the second parameter. Pure, no DOM (the form's state lives in
 * state/curve-form.svelte.ts).
 */
import type { ContinuationRequest, SpecialPoint } from '@shared/continuation/types';
import type { CurveRequest } from '@shared/curves/types';
import { validateCurve } from '@shared/curves/validate';
import type { ModelDef } from '@shared/models/types';
import type { FieldIssue } from '@shared/simulation/types';
import { parseNumber } from './format';

export type BuiltCurve = { ok: true; request: CurveRequest } | { ok: false; issues: FieldIssue[] };

/** Q offered when the user has not chosen one before: the first of these the model has, else its first choice. */
export const PREFERRED_Q = ['eta', 'Delta', 'I_ext', 'g'];

/** The second parameter to offer among `names` (the last one chosen when it is there). */
export function firstQ(names: readonly string[], last?: string): string {
  if (last !== undefined && names.includes(last)) return last;
  return PREFERRED_Q.find((n) => names.includes(n)) ?? names[0] ?? '';
}

/** The value of `name` on a branch: its parameters, then its inputs, then the model's default (NaN if none). */
export function branchValue(request: ContinuationRequest, def: ModelDef, name: string): number {
  return (
    request.params[name] ?? request.inputs[name] ?? def.params.find((p) => p.name === name)?.default ?? def.inputs.find((i) => i.name === name)?.default ?? NaN
  );
}

export interface CurveDrafts {
  q: string;
  pFrom: string;
  pTo: string;
  qFrom: string;
  qTo: string;
}

/**
 * The request for the curve through `special` (LP: fold, HB: Hopf) of the branch traced by
 * `request`, in (P, Q) = (the branch's parameter, `drafts.q`) over the typed ranges; every other
 * parameter and input at the branch's value, the branch's numerical settings. Or the issues: an
 * unreadable or unusable range under `bounds[0]` (P) / `bounds[1]` (Q), the rest as the validator
 * names them.
 */
export function buildCurveRequest(request: ContinuationRequest, special: SpecialPoint, def: ModelDef, drafts: CurveDrafts): BuiltCurve {
  const issues: FieldIssue[] = [];
  const num = (field: string, text: string): number => {
    const p = parseNumber(text);
    if (p.ok) return p.value;
    if (!issues.some((i) => i.field === field)) issues.push({ field, message: p.message });
    return NaN;
  };
  const bounds: CurveRequest['bounds'] = [
    [num('bounds[0]', drafts.pFrom), num('bounds[0]', drafts.pTo)],
    [num('bounds[1]', drafts.qFrom), num('bounds[1]', drafts.qTo)],
  ];
  const p = request.param;
  const q = drafts.q;
  const values: Record<string, number> = {};
  for (const [k, v] of [...Object.entries(request.params), ...Object.entries(request.inputs)]) if (k !== p && k !== q) values[k] = v;
  const out: CurveRequest = {
    model: request.model,
    ...(request.def ? { def: request.def } : {}),
    type: special.type === 'LP' ? 'fold' : 'hopf',
    params: [p, q],
    values,
    start: {
      label: special.label,
      state: [...special.x],
      params: [special.p, branchValue(request, def, q)],
      ...(special.omega !== undefined ? { omega: special.omega } : {}),
    },
    bounds,
    settings: { ...request.settings },
  };
  if (issues.length === 0) issues.push(...validateCurve(out, def));
  return issues.length === 0 ? { ok: true, request: out } : { ok: false, issues };
}
