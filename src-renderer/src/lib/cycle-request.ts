/**
 * The cycle request the "Continue cycles" form makes from a Hopf (HB) point of a branch. Pure, no
 * DOM (the form's state lives in state/cycle-form.svelte.ts).
 */
import type { ContinuationRequest, SpecialPoint } from '@shared/continuation/types';
import type { CycleRequest } from '@shared/cycles/types';
import { validateCycle } from '@shared/cycles/validate';
import type { ModelDef } from '@shared/models/types';
import type { FieldIssue } from '@shared/simulation/types';
import { parseNumber } from './format';

export type BuiltCycles = { ok: true; request: CycleRequest } | { ok: false; issues: FieldIssue[] };

export interface CycleDrafts {
  pFrom: string;
  pTo: string;
  /** Mesh intervals and collocation points per interval; '' takes the engine's default. */
  ntst: string;
  ncol: string;
}

/**
 * The request for the family of cycles born at `special` (an HB point with its frequency) of the
 * branch traced by `request`: in the branch's parameter over the typed range, every other
 * parameter and input at the branch's value, the branch's user points inside the range and its
 * point budget (maxPoints); the other continuation settings take the engine's defaults for cycles
 * (their steps are measured in the orbit's norm, so a branch's do not apply). Or the issues: an
 * unreadable or unusable range under `bounds`, a mesh size under `ntst` / `ncol`, the rest as the
 * validator names them.
 */
export function buildCycleRequest(request: ContinuationRequest, special: SpecialPoint, def: ModelDef, drafts: CycleDrafts): BuiltCycles {
  const issues: FieldIssue[] = [];
  const num = (field: string, text: string): number => {
    const p = parseNumber(text);
    if (p.ok) return p.value;
    if (!issues.some((i) => i.field === field)) issues.push({ field, message: p.message });
    return NaN;
  };
  const optional = (field: 'ntst' | 'ncol', text: string): number | undefined => (text.trim() === '' ? undefined : num(field, text));
  if (special.type !== 'HB' || special.omega === undefined) {
    return { ok: false, issues: [{ field: 'start', message: `${special.label} is not a Hopf point with a frequency; cycles start at an HB point` }] };
  }
  const bounds: [number, number] = [num('bounds', drafts.pFrom), num('bounds', drafts.pTo)];
  const ntst = optional('ntst', drafts.ntst);
  const ncol = optional('ncol', drafts.ncol);
  const values: Record<string, number> = { ...request.params, ...request.inputs };
  delete values[request.param];
  const [lo, hi] = bounds;
  const at = (request.at ?? []).filter((v) => v >= Math.min(lo, hi) && v <= Math.max(lo, hi));
  const out: CycleRequest = {
    model: request.model,
    ...(request.def ? { def: request.def } : {}),
    param: request.param,
    values,
    start: { label: special.label, state: [...special.x], p: special.p, omega: special.omega },
    bounds,
    settings: { maxPoints: request.settings.maxPoints },
    ...(ntst !== undefined ? { ntst } : {}),
    ...(ncol !== undefined ? { ncol } : {}),
    ...(at.length > 0 ? { at } : {}),
  };
  if (issues.length === 0) issues.push(...validateCycle(out, def));
  return issues.length === 0 ? { ok: true, request: out } : { ok: false, issues };
}
