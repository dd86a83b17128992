/**
 * The simulation form as text drafts (what the user typed) and its reading into a request.
 * Pure, no DOM. Field names follow the shared validator's convention: `params.<name>`,
 * `initial.<name>`, `inputs.<name>.baseline`, `inputs.<name>.windows[<i>].start|stop|value`,
 * `solver.<setting>`.
 */
import type { ModelDef } from '@shared/models/types';
import { DEFAULT_SOLVER, type FieldIssue, type InputWindow, type Method, type SimulationRequest, type SolverSettings } from '@shared/simulation/types';
import { keysOf } from '@shared/settings';
import { SOLVER_SETTINGS } from '@shared/simulation/settings';
import { formatExact, parseNumber } from './format';

export interface WindowDraft {
  start: string;
  stop: string;
  value: string;
}

export interface InputDraft {
  baseline: string;
  windows: WindowDraft[];
}

export type NumericSolverKey = Exclude<keyof SolverSettings, 'method'>;
export const SOLVER_KEYS: readonly NumericSolverKey[] = keysOf(SOLVER_SETTINGS);

export interface FormDrafts {
  params: Record<string, string>;
  initial: Record<string, string>;
  inputs: Record<string, InputDraft>;
  method: Method;
  solver: Record<NumericSolverKey, string>;
}

export const field = {
  param: (name: string) => `params.${name}`,
  initial: (name: string) => `initial.${name}`,
  baseline: (input: string) => `inputs.${input}.baseline`,
  window: (input: string, i: number, key: keyof InputWindow) => `inputs.${input}.windows[${i}].${key}`,
  solver: (key: keyof SolverSettings) => `solver.${key}`,
};

/** Drafts holding the model's defaults and the given solver settings. */
export function defaultDrafts(def: ModelDef, solver: SolverSettings = DEFAULT_SOLVER): FormDrafts {
  const solverDrafts = {} as Record<NumericSolverKey, string>;
  for (const k of SOLVER_KEYS) solverDrafts[k] = formatExact(solver[k]);
  return {
    params: Object.fromEntries(def.params.map((p) => [p.name, formatExact(p.default)])),
    initial: Object.fromEntries(def.states.map((s) => [s.name, formatExact(s.initial)])),
    inputs: Object.fromEntries(def.inputs.map((i) => [i.name, { baseline: formatExact(i.default), windows: [] }])),
    method: solver.method,
    solver: solverDrafts,
  };
}

export interface ReadForm {
  /** The request; fields that did not parse hold their default so the rest can still be checked. */
  request: SimulationRequest;
  /** One issue per field whose text is not a number. */
  parseIssues: FieldIssue[];
}

/** Reads the drafts into a request for model `def`, collecting fields that are not numbers. */
export function readDrafts(def: ModelDef, drafts: FormDrafts): ReadForm {
  const parseIssues: FieldIssue[] = [];
  const num = (fieldName: string, text: string | undefined, fallback: number): number => {
    const p = parseNumber(text ?? '');
    if (p.ok) return p.value;
    parseIssues.push({ field: fieldName, message: p.message });
    return fallback;
  };
  const params: Record<string, number> = {};
  for (const p of def.params) params[p.name] = num(field.param(p.name), drafts.params[p.name], p.default);
  const initial: Record<string, number> = {};
  for (const s of def.states) {
    initial[s.name] = num(field.initial(s.name), drafts.initial[s.name], s.initial);
  }
  const inputs: SimulationRequest['inputs'] = {};
  for (const inp of def.inputs) {
    const d = drafts.inputs[inp.name] ?? { baseline: '', windows: [] };
    inputs[inp.name] = {
      kind: 'schedule',
      baseline: num(field.baseline(inp.name), d.baseline, inp.default),
      windows: d.windows.map((w, i) => ({
        start: num(field.window(inp.name, i, 'start'), w.start, 0),
        stop: num(field.window(inp.name, i, 'stop'), w.stop, 0),
        value: num(field.window(inp.name, i, 'value'), w.value, inp.default),
      })),
    };
  }
  const solver = { method: drafts.method } as SolverSettings;
  for (const k of SOLVER_KEYS) solver[k] = num(field.solver(k), drafts.solver[k], DEFAULT_SOLVER[k]);
  return { request: { model: def.name, params, initial, inputs, solver }, parseIssues };
}

/**
 * All issues of a form: the parse issues, then the validator's issues for fields that did parse
 * (a field that is not a number is reported once, as such).
 */
export function mergeIssues(parseIssues: readonly FieldIssue[], checked: readonly FieldIssue[]): FieldIssue[] {
  const bad = new Set(parseIssues.map((i) => i.field));
  return [...parseIssues, ...checked.filter((i) => !bad.has(i.field))];
}

/** First message per field, for showing next to the field. */
export function issuesByField(issues: readonly FieldIssue[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const i of issues) if (!m.has(i.field)) m.set(i.field, i.message);
  return m;
}
