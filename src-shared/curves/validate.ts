/**
 * Refusing bad curve requests (./types.ts CurveRequest) before any work, one issue per problem naming
 * the field (`type`, `params[1]`, `values.tau`, `start.state[2]`, `start.omega`, `bounds[1]`,
 * `at[0]`, `settings.dsMax`, ...).
 *
 * `checkCurveRequestShape` accepts any value (arguments arriving over IPC or from a file) and never
 * throws; `validateCurve` runs it first, then checks the values against the model: the two
 * parameters exist and differ, every number is finite, each range goes from a smaller to a larger
 * value inside the parameter's domain and contains the start, the start's state has one value per
 * state variable, a Hopf start carries its frequency, and the continuation settings are valid (the
 * same checks as a branch's, @shared/continuation/validate).
 */
import { checkSettings, checkSettingsShape, domainProblem } from '../continuation/validate';
import { checkNumberRecord, isObject } from '../field-checks';
import type { ModelDef } from '../models/types';
import type { FieldIssue } from '../simulation/types';
import type { CurveRequest } from './types';

const isNumberPair = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2 && x.every((v) => typeof v === 'number');

/**
 * Checks that `x` has the structure of a CurveRequest (types only, not values). `settings` may leave
 * keys out (they take the continuation defaults) but not add unknown ones. Never throws.
 */
export function checkCurveRequestShape(x: unknown): FieldIssue[] {
  if (!isObject(x)) return [{ field: 'request', message: 'must be an object with model, type, params, values, start, bounds and settings' }];
  const issues: FieldIssue[] = [];
  const bad = (field: string, message: string) => issues.push({ field, message });
  if (typeof x.model !== 'string') bad('model', 'must be a model name');
  if (x.type !== 'fold' && x.type !== 'hopf') bad('type', `must be 'fold' or 'hopf'`);
  if (!Array.isArray(x.params) || x.params.length !== 2 || !x.params.every((v) => typeof v === 'string')) {
    bad('params', 'must be two names [P, Q]: the parameter of the start point and the second parameter');
  }
  checkNumberRecord(x.values, 'values', issues);
  const s = x.start;
  if (!isObject(s)) bad('start', 'must be an object with label, state, params and (Hopf) omega');
  else {
    if (typeof s.label !== 'string' || s.label.trim() === '') bad('start.label', 'must be the label of the start point (e.g. HB1)');
    if (!Array.isArray(s.state) || !s.state.every((v) => typeof v === 'number')) bad('start.state', 'must be a list of numbers (the state)');
    if (!isNumberPair(s.params)) bad('start.params', 'must be two numbers [P, Q]');
    if (s.omega !== undefined && typeof s.omega !== 'number') bad('start.omega', 'must be a number');
  }
  if (!Array.isArray(x.bounds) || x.bounds.length !== 2 || !x.bounds.every(isNumberPair)) {
    bad('bounds', 'must be two ranges [[P from, P to], [Q from, Q to]]');
  }
  if (x.at !== undefined && (!Array.isArray(x.at) || !x.at.every((v) => typeof v === 'number'))) {
    bad('at', 'must be a list of values of P (numbers)');
  }
  checkSettingsShape(x.settings, issues);
  return issues;
}

/** All reasons `req` cannot be traced on `def`, or [] when it can. Never throws, whatever `req` holds. */
export function validateCurve(req: CurveRequest, def: ModelDef): FieldIssue[] {
  const shape = checkCurveRequestShape(req);
  if (shape.length > 0) return shape;
  const issues: FieldIssue[] = [];
  const bad = (field: string, message: string) => issues.push({ field, message });
  if (req.model !== def.name) bad('model', `model '${req.model}' does not match the definition '${def.name}'`);
  const symbols = [...def.params, ...def.inputs];
  const names = symbols.map((q) => q.name);
  const domainOf = (name: string) => def.params.find((q) => q.name === name)?.domain;

  for (const key of Object.keys(req.values)) {
    const v = req.values[key];
    if (!names.includes(key)) bad(`values.${key}`, `unknown parameter or input '${key}' (${def.name} has: ${names.join(', ')})`);
    else if (!Number.isFinite(v)) bad(`values.${key}`, `must be a finite number (got ${v})`);
    else {
      const problem = domainProblem(v, domainOf(key));
      if (problem !== null) bad(`values.${key}`, `${key} ${problem} (got ${v})`);
    }
  }

  const known = req.params.map((name, i) => {
    if (names.includes(name)) return true;
    bad(`params[${i}]`, `unknown parameter or input '${name}' (${def.name} has: ${names.join(', ')})`);
    return false;
  });
  if (known[0] && known[1] && req.params[0] === req.params[1])
    bad('params[1]', `must differ from the first parameter '${req.params[0]}' (a curve lies in a plane of two parameters)`);

  const n = def.states.length;
  if (req.start.state.length !== n)
    bad('start.state', `must hold ${n} values, one per state variable (${def.states.map((q) => q.name).join(', ')}), got ${req.start.state.length}`);
  else req.start.state.forEach((v, i) => Number.isFinite(v) || bad(`start.state[${i}]`, `must be a finite number (got ${v})`));
  if (req.type === 'hopf') {
    const w = req.start.omega;
    if (w === undefined || !Number.isFinite(w) || !(w > 0)) bad('start.omega', `a Hopf start needs its frequency, a finite number > 0 (got ${w})`);
  }

  req.bounds.forEach(([lo, hi], i) => {
    const name = req.params[i];
    const start = req.start.params[i];
    if (!Number.isFinite(start)) bad(`start.params[${i}]`, `must be a finite number (got ${start})`);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return bad(`bounds[${i}]`, `must be finite numbers (got [${lo}, ${hi}])`);
    if (!(lo < hi)) return bad(`bounds[${i}]`, `the range of ${name} must go from a smaller to a larger value (got [${lo}, ${hi}])`);
    if (!known[i]) return;
    const problem = domainProblem(lo, domainOf(name));
    if (problem !== null) bad(`bounds[${i}]`, `${name} ${problem}: the range [${lo}, ${hi}] leaves the model's domain`);
    if (Number.isFinite(start) && (start < lo || start > hi)) {
      bad(`bounds[${i}]`, `the range [${lo}, ${hi}] does not contain the start's ${name} = ${start}; widen the range`);
    }
  });
  const [loP, hiP] = req.bounds[0];
  (req.at ?? []).forEach((v, i) => {
    if (!Number.isFinite(v) || !(v >= loP && v <= hiP))
      bad(`at[${i}]`, `a user point must be a value of ${req.params[0]} inside the range [${loP}, ${hiP}] (got ${v})`);
  });
  checkSettings(req.settings, issues);
  return issues;
}
