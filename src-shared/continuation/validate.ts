/**
 * Refusing bad continuation requests before any work, one issue per problem naming the field
 * (`param`, `bounds`, `params.tau`, `inputs.I_ext`, `settings.dsMax`, ...).
 *
 * `checkContinuationRequestShape` accepts any value (arguments arriving over IPC or from a file)
 * and never throws; `validateContinuation` runs it first, then checks the values against the model.
 *
 * The start value of the continuation parameter (from `params` / `inputs`, else the model's
 * default) must lie inside `bounds`: the branch starts at the steady state of the current settings,
 * so a range that excludes them is refused (rather than silently starting elsewhere) with a message
 * saying how to fix it.
 */
import type { ModelDef } from '../models/types';
import type { FieldIssue } from '../simulation/types';
import { checkNamed, checkNumberRecord, isObject } from '../field-checks';
import { keysOf, settingProblem } from '../settings';
import { CONTINUATION_SETTINGS } from './settings';
import { DEFAULT_CONTINUATION, type ContinuationRequest, type ContinuationSettings } from './types';

export { MAX_NEWTON_ITER, MAX_POINTS_LIMIT } from './settings';

const SETTING_KEYS = keysOf(CONTINUATION_SETTINGS);

/**
 * Checks that `x` has the structure of a ContinuationRequest (types only, not values). `settings`
 * may leave keys out (they take DEFAULT_CONTINUATION's values) but not add unknown ones. Never throws.
 */
export function checkContinuationRequestShape(x: unknown): FieldIssue[] {
  if (!isObject(x)) {
    return [{ field: 'request', message: 'must be an object with model, params, initial, inputs, param, bounds and settings' }];
  }
  const issues: FieldIssue[] = [];
  if (typeof x.model !== 'string') issues.push({ field: 'model', message: 'must be a model name' });
  checkNumberRecord(x.params, 'params', issues);
  checkNumberRecord(x.initial, 'initial', issues);
  checkNumberRecord(x.inputs, 'inputs', issues);
  if (typeof x.param !== 'string') issues.push({ field: 'param', message: 'must name a parameter or input' });
  const b = x.bounds;
  if (!Array.isArray(b) || b.length !== 2 || typeof b[0] !== 'number' || typeof b[1] !== 'number') {
    issues.push({ field: 'bounds', message: 'must be two numbers [from, to]' });
  }
  if (x.at !== undefined && (!Array.isArray(x.at) || !x.at.every((v) => typeof v === 'number'))) {
    issues.push({ field: 'at', message: 'must be a list of parameter values (numbers)' });
  }
  checkSettingsShape(x.settings, issues);
  return issues;
}

/**
 * The structure of continuation settings (an object of known keys, each a number; keys may be left
 * out), shared by every request that carries them (branches, curves). Never throws.
 */
export function checkSettingsShape(settings: unknown, issues: FieldIssue[]): void {
  if (!isObject(settings)) {
    issues.push({ field: 'settings', message: 'must be an object of continuation settings' });
    return;
  }
  for (const key of Object.keys(settings)) {
    if (!(SETTING_KEYS as string[]).includes(key)) {
      issues.push({ field: `settings.${key}`, message: `unknown setting (settings: ${SETTING_KEYS.join(', ')})` });
    } else if (typeof settings[key] !== 'number') issues.push({ field: `settings.${key}`, message: 'must be a number' });
  }
}

const own = (r: Record<string, number>, k: string): boolean => Object.prototype.hasOwnProperty.call(r, k);

/** Why `v` lies outside a parameter's domain ('must be > 0', ...), or null when it is inside. */
export function domainProblem(v: number, domain: string | undefined): string | null {
  if (domain === 'positive' && !(v > 0)) return 'must be > 0';
  if (domain === 'nonnegative' && !(v >= 0)) return 'must be >= 0';
  if (domain === 'nonzero' && v === 0) return 'must not be 0';
  return null;
}

/** The values of continuation settings (each against its entry, then the rules tying them), as `settings.KEY` issues. */
export function checkSettings(s: Partial<ContinuationSettings>, issues: FieldIssue[]): void {
  const v = { ...DEFAULT_CONTINUATION, ...s };
  const bad = (key: keyof ContinuationSettings, message: string) => issues.push({ field: `settings.${key}`, message });
  const before = issues.length;
  // Each setting against its own entry (type, bounds), then the rules that tie settings together.
  for (const setting of CONTINUATION_SETTINGS) {
    const problem = settingProblem(setting, v[setting.key]);
    if (problem !== null) bad(setting.key, problem);
  }
  if (issues.length > before) return;
  if (v.dsMin > v.dsMax) bad('dsMin', `must be <= dsMax (${v.dsMax}) (got ${v.dsMin})`);
  // ds above dsMax is fine: the first step is clamped to dsMax (a user lowering dsMax need not touch ds).
  else if (v.ds < v.dsMin) bad('ds', `must be >= dsMin (${v.dsMin}) (got ${v.ds})`);
}

/**
 * All reasons `req` cannot be traced on `def`, or [] when it can. Never throws, whatever `req` holds.
 * Checks: the shape, the model name, names and finiteness of params, initial values and inputs,
 * parameter domains, the continuation parameter (a parameter or input of the model), the bounds
 * (finite, from < to, inside the parameter's domain, containing the start value), the user points
 * (`at`: values inside the bounds) and the settings.
 */
export function validateContinuation(req: ContinuationRequest, def: ModelDef): FieldIssue[] {
  const shape = checkContinuationRequestShape(req);
  if (shape.length > 0) return shape;
  const issues: FieldIssue[] = [];
  if (req.model !== def.name) issues.push({ field: 'model', message: `model '${req.model}' does not match the definition '${def.name}'` });
  checkNamed(req.params, 'parameter', 'params', def.params, def, issues);
  checkNamed(req.initial, 'state variable', 'initial', def.states, def, issues);
  checkNamed(req.inputs, 'input', 'inputs', def.inputs, def, issues);
  for (const p of def.params) {
    if (!own(req.params, p.name) || !Number.isFinite(req.params[p.name])) continue;
    const problem = domainProblem(req.params[p.name], p.domain);
    if (problem !== null) issues.push({ field: `params.${p.name}`, message: `${p.name} ${problem} (got ${req.params[p.name]})` });
  }

  const param = def.params.find((p) => p.name === req.param);
  const input = def.inputs.find((i) => i.name === req.param);
  if (param === undefined && input === undefined) {
    const names = [...def.params.map((p) => p.name), ...def.inputs.map((i) => i.name)];
    issues.push({ field: 'param', message: `unknown parameter or input '${req.param}' (${def.name} has: ${names.join(', ')})` });
  }
  const [from, to] = req.bounds;
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    issues.push({ field: 'bounds', message: `must be finite numbers (got [${from}, ${to}])` });
  } else if (!(from < to)) {
    issues.push({ field: 'bounds', message: `the range must go from a smaller to a larger value (got [${from}, ${to}])` });
  } else if (param !== undefined || input !== undefined) {
    const name = req.param;
    const domain = param?.domain;
    const lowProblem = domainProblem(from, domain);
    if (lowProblem !== null) {
      issues.push({ field: 'bounds', message: `${name} ${lowProblem}: the range [${from}, ${to}] leaves the model's domain` });
    }
    const record = param !== undefined ? req.params : req.inputs;
    const start = own(record, name) ? record[name] : (param?.default ?? input?.default ?? NaN);
    if (Number.isFinite(start) && (start < from || start > to)) {
      issues.push({
        field: 'bounds',
        message: `the range [${from}, ${to}] does not contain the current value ${name} = ${start}, where the trace starts; widen the range or set ${name} inside it`,
      });
    }
    (req.at ?? []).forEach((v, i) => {
      if (!Number.isFinite(v) || v < from || v > to) {
        issues.push({ field: `at[${i}]`, message: `a user point must be a value of ${name} inside the range [${from}, ${to}] (got ${v})` });
      }
    });
  }
  checkSettings(req.settings, issues);
  return issues;
}
