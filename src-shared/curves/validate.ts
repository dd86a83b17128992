/**
 * Refusing bad curve requests (./types.ts CurveRequest) before any work, one issue per problem
 * naming the field (`params[1]`, `bounds[1]`, `start.state`, `values.g`, `settings.dsMax`, ...).
 * Accepts any value (arguments arriving over IPC or from a file) and never throws.
 */
import type { ModelDef } from '../models/types';
import type { FieldIssue } from '../simulation/types';
import { checkSettings, domainProblem, isObject } from '../continuation/validate';
import { CONTINUATION_SETTINGS } from '../continuation/settings';
import { keysOf } from '../settings';
import type { CurveRequest } from './types';

const SETTING_KEYS = keysOf(CONTINUATION_SETTINGS);

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function pair(x: unknown): x is [number, number] {
  return Array.isArray(x) && x.length === 2 && finite(x[0]) && finite(x[1]);
}

/** Checks that `x` has the structure of a CurveRequest (types only). */
export function checkCurveRequestShape(x: unknown): FieldIssue[] {
  if (!isObject(x)) return [{ field: 'request', message: 'must be an object with model, type, params, values, start, bounds and settings' }];
  const issues: FieldIssue[] = [];
  const bad = (field: string, message: string) => issues.push({ field, message });
  if (typeof x.model !== 'string') bad('model', 'must be a model name');
  if (x.type !== 'fold' && x.type !== 'hopf') bad('type', "must be 'fold' or 'hopf'");
  if (!Array.isArray(x.params) || x.params.length !== 2 || !x.params.every((p) => typeof p === 'string')) bad('params', 'must be two parameter names [P, Q]');
  if (!isObject(x.values)) bad('values', 'must be an object mapping names to numbers');
  else for (const [k, v] of Object.entries(x.values)) if (typeof v !== 'number') bad(`values.${k}`, 'must be a number');
  const s = x.start;
  if (!isObject(s)) bad('start', 'must be the start point: label, state, params and (Hopf) omega');
  else {
    if (typeof s.label !== 'string' || s.label.length > 64) bad('start.label', 'must be a short label such as HB1');
    if (!Array.isArray(s.state) || !s.state.every(finite)) bad('start.state', 'must be a list of finite numbers');
    if (!pair(s.params)) bad('start.params', 'must be two finite numbers [P, Q]');
    if (s.omega !== undefined && !finite(s.omega)) bad('start.omega', 'must be a finite number');
  }
  if (!Array.isArray(x.bounds) || x.bounds.length !== 2 || !x.bounds.every(pair))
    bad('bounds', 'must be two ranges [[P from, P to], [Q from, Q to]] of finite numbers');
  if (x.at !== undefined && (!Array.isArray(x.at) || !x.at.every(finite))) bad('at', 'must be a list of values of P (numbers)');
  if (!isObject(x.settings)) bad('settings', 'must be an object of continuation settings');
  else {
    for (const [k, v] of Object.entries(x.settings)) {
      if (!(SETTING_KEYS as string[]).includes(k)) bad(`settings.${k}`, `unknown setting (settings: ${SETTING_KEYS.join(', ')})`);
      else if (typeof v !== 'number') bad(`settings.${k}`, 'must be a number');
    }
  }
  return issues;
}

/** All reasons `req` cannot be traced on `def`, or [] when it can. Never throws. */
export function validateCurveRequest(req: CurveRequest, def: ModelDef): FieldIssue[] {
  const shape = checkCurveRequestShape(req);
  if (shape.length > 0) return shape;
  const issues: FieldIssue[] = [];
  const bad = (field: string, message: string) => issues.push({ field, message });
  if (req.model !== def.name) bad('model', `model '${req.model}' does not match the definition '${def.name}'`);
  const free = [...def.params, ...def.inputs];
  const names = free.map((p) => p.name);
  for (const [k, v] of Object.entries(req.values)) {
    if (!names.includes(k)) bad(`values.${k}`, `unknown parameter or input '${k}' (${def.name} has: ${names.join(', ')})`);
    else if (!Number.isFinite(v)) bad(`values.${k}`, `must be a finite number (got ${v})`);
    else {
      const problem = domainProblem(v, def.params.find((p) => p.name === k)?.domain);
      if (problem !== null) bad(`values.${k}`, `${k} ${problem} (got ${v})`);
    }
  }
  req.params.forEach((name, i) => {
    if (!names.includes(name)) bad(`params[${i}]`, `unknown parameter or input '${name}' (${def.name} has: ${names.join(', ')})`);
  });
  if (req.params[0] === req.params[1]) bad('params[1]', `the second parameter must differ from the first (${req.params[0]})`);
  if (req.start.state.length !== def.states.length) bad('start.state', `must hold ${def.states.length} values (${def.states.map((s) => s.name).join(', ')})`);
  if (req.type === 'hopf' && req.start.omega === undefined) bad('start.omega', 'a Hopf curve starts from a Hopf point: give its frequency');
  req.bounds.forEach(([from, to], i) => {
    const name = req.params[i];
    if (!(from < to)) bad(`bounds[${i}]`, `the range of ${name} must go from a smaller to a larger value (got [${from}, ${to}])`);
    else if (!(req.start.params[i] >= from && req.start.params[i] <= to))
      bad(`bounds[${i}]`, `the range [${from}, ${to}] does not contain the start's ${name} = ${req.start.params[i]}; widen it`);
    else {
      const problem = domainProblem(from, def.params.find((p) => p.name === name)?.domain);
      if (problem !== null) bad(`bounds[${i}]`, `${name} ${problem}: the range [${from}, ${to}] leaves the model's domain`);
    }
  });
  (req.at ?? []).forEach((v, i) => {
    const [from, to] = req.bounds[0];
    if (!(v >= from && v <= to)) bad(`at[${i}]`, `a user point must be a value of ${req.params[0]} inside [${from}, ${to}] (got ${v})`);
  });
  checkSettings(req.settings, issues);
  return issues;
}
