/**
 * Refusing bad cycle requests (./types.ts CycleRequest) before any work, one issue per problem naming
 * the field (`param`, `values.tau`, `start.state[2]`, `start.omega`, `bounds`, `ntst`, `at[0]`,
 * `settings.dsMax`, ...).
 *
 * `checkCycleRequestShape` accepts any value (arguments arriving over IPC or from a file) and never
 * throws; `validateCycle` runs it first, then checks the values against the model: the parameter
 * exists, every number is finite, the range goes from a smaller to a larger value inside the
 * parameter's domain and contains the start, a Hopf start's state has one value per state
 * variable and a positive frequency, an orbit start has enough increasing sample times
 * (`start.t[k]`) and one list of finite samples per state as long as them (`start.y[i][k]`), the mesh sizes are whole numbers in the engine's limits, and
 * the continuation settings given are valid (@shared/continuation/validate).
 */
import { checkSettings, checkSettingsShape, domainProblem } from '../continuation/validate';
import type { ModelDef } from '../models/types';
import type { FieldIssue } from '../simulation/types';
import { CYCLE_MESH_LIMITS, ORBIT_START_MAX_SAMPLES, ORBIT_START_MIN_SAMPLES, type CycleOrbitStart, type CycleRequest } from './types';

type Obj = Record<string, unknown>;

const isObject = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);
const isNumberPair = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2 && x.every((v) => typeof v === 'number');
/** A list of numbers: an array of numbers or a Float64Array. */
const isNumbers = (x: unknown): boolean => x instanceof Float64Array || (Array.isArray(x) && x.every((v) => typeof v === 'number'));

/** Shape of a start from a simulated orbit (./types.ts CycleOrbitStart). */
function checkOrbitStartShape(s: Obj, bad: (field: string, message: string) => void): void {
  if (typeof s.label !== 'string' || s.label.trim() === '') bad('start.label', 'must name what the family starts from (e.g. run 3)');
  if (!isNumbers(s.t)) bad('start.t', 'must be a list of numbers (the sample times)');
  if (!Array.isArray(s.y) || !s.y.every(isNumbers)) bad('start.y', 'must be one list of numbers per state variable (the samples)');
  if (typeof s.p !== 'number') bad('start.p', "must be a number (the parameter's value in the run)");
  if (s.window !== undefined && typeof s.window !== 'number') bad('start.window', 'must be a number (a time)');
}

/** Values of a start from a simulated orbit against the model's n states (names for messages). */
function checkOrbitStart(s: CycleOrbitStart, names: string[], bad: (field: string, message: string) => void): void {
  const n = names.length;
  const { t, y } = s;
  const count = t.length;
  if (count < ORBIT_START_MIN_SAMPLES || count > ORBIT_START_MAX_SAMPLES)
    bad('start.t', `must hold ${ORBIT_START_MIN_SAMPLES} to ${ORBIT_START_MAX_SAMPLES} samples covering several periods of the oscillation (got ${count})`);
  else {
    const k = firstBad(count, (i) => !Number.isFinite(t[i]) || (i > 0 && !(t[i] > t[i - 1])));
    if (k >= 0)
      bad(
        `start.t[${k}]`,
        Number.isFinite(t[k]) ? `the sample times must increase (t[${k}] = ${t[k]} after ${t[k - 1]})` : `must be a finite number (got ${t[k]})`,
      );
  }
  if (y.length !== n) bad('start.y', `must hold ${n} lists of samples, one per state variable (${names.join(', ')}), got ${y.length}`);
  else
    y.forEach((col, i) => {
      if (col.length !== count) bad(`start.y[${i}]`, `the samples of ${names[i]} must be as many as the times (${count}), got ${col.length}`);
      else {
        const k = firstBad(count, (q) => !Number.isFinite(col[q]));
        if (k >= 0) bad(`start.y[${i}][${k}]`, `${names[i]} must be a finite number (got ${col[k]}): start from a run that did not blow up`);
      }
    });
  if (!Number.isFinite(s.p)) bad('start.p', `must be a finite number (got ${s.p})`);
  if (s.window !== undefined && !(Number.isFinite(s.window) && s.window > 0)) bad('start.window', `must be a time > 0 (got ${s.window})`);
}

/** The first index in 0..count - 1 where `wrong` holds, or -1. */
function firstBad(count: number, wrong: (i: number) => boolean): number {
  for (let i = 0; i < count; i++) if (wrong(i)) return i;
  return -1;
}

/** Checks that `x` has the structure of a CycleRequest (types only, not values). Never throws. */
export function checkCycleRequestShape(x: unknown): FieldIssue[] {
  if (!isObject(x)) return [{ field: 'request', message: 'must be an object with model, param, values, start, bounds and settings' }];
  const issues: FieldIssue[] = [];
  const bad = (field: string, message: string) => issues.push({ field, message });
  if (typeof x.model !== 'string') bad('model', 'must be a model name');
  if (typeof x.param !== 'string') bad('param', 'must name a parameter or input');
  if (!isObject(x.values)) bad('values', 'must be an object mapping names to numbers');
  else for (const key of Object.keys(x.values)) if (typeof x.values[key] !== 'number') bad(`values.${key}`, 'must be a number');
  const s = x.start;
  if (!isObject(s)) bad('start', 'must be the Hopf point (an object with label, state, p and omega) or a simulated orbit (kind orbit, label, t, y and p)');
  else if (s.kind !== undefined && s.kind !== 'hopf' && s.kind !== 'orbit') bad('start.kind', "must be 'hopf' (a Hopf point) or 'orbit' (a simulated run)");
  else if (s.kind === 'orbit') checkOrbitStartShape(s, bad);
  else {
    if (typeof s.label !== 'string' || s.label.trim() === '') bad('start.label', 'must be the label of the Hopf point (e.g. HB1)');
    if (!Array.isArray(s.state) || !s.state.every((v) => typeof v === 'number')) bad('start.state', 'must be a list of numbers (the state)');
    if (typeof s.p !== 'number') bad('start.p', 'must be a number (the parameter value of the Hopf point)');
    if (typeof s.omega !== 'number') bad('start.omega', 'must be a number (the frequency of the Hopf point)');
  }
  if (!isNumberPair(x.bounds)) bad('bounds', 'must be two numbers [from, to]');
  for (const key of ['ntst', 'ncol'] as const) if (x[key] !== undefined && typeof x[key] !== 'number') bad(key, 'must be a number');
  if (x.at !== undefined && (!Array.isArray(x.at) || !x.at.every((v) => typeof v === 'number'))) bad('at', 'must be a list of parameter values (numbers)');
  checkSettingsShape(x.settings, issues);
  return issues;
}

/** All reasons `req` cannot be traced on `def`, or [] when it can. Never throws, whatever `req` holds. */
export function validateCycle(req: CycleRequest, def: ModelDef): FieldIssue[] {
  const shape = checkCycleRequestShape(req);
  if (shape.length > 0) return shape;
  const issues: FieldIssue[] = [];
  const bad = (field: string, message: string) => issues.push({ field, message });
  if (req.model !== def.name) bad('model', `model '${req.model}' does not match the definition '${def.name}'`);
  const names = [...def.params, ...def.inputs].map((q) => q.name);
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
  const known = names.includes(req.param);
  if (!known) bad('param', `unknown parameter or input '${req.param}' (${def.name} has: ${names.join(', ')})`);

  const n = def.states.length;
  const start = req.start;
  const p = start.p;
  if (start.kind === 'orbit')
    checkOrbitStart(
      start,
      def.states.map((q) => q.name),
      bad,
    );
  else {
    const { state, omega } = start;
    if (state.length !== n)
      bad('start.state', `must hold ${n} values, one per state variable (${def.states.map((q) => q.name).join(', ')}), got ${state.length}`);
    else state.forEach((v, i) => Number.isFinite(v) || bad(`start.state[${i}]`, `must be a finite number (got ${v})`));
    if (!Number.isFinite(p)) bad('start.p', `must be a finite number (got ${p})`);
    if (!Number.isFinite(omega) || !(omega > 0)) bad('start.omega', `the Hopf point's frequency must be a finite number > 0 (got ${omega})`);
  }

  const [lo, hi] = req.bounds;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) bad('bounds', `must be finite numbers (got [${lo}, ${hi}])`);
  else if (!(lo < hi)) bad('bounds', `the range of ${req.param} must go from a smaller to a larger value (got [${lo}, ${hi}])`);
  else {
    const problem = known ? domainProblem(lo, domainOf(req.param)) : null;
    if (problem !== null) bad('bounds', `${req.param} ${problem}: the range [${lo}, ${hi}] leaves the model's domain`);
    if (Number.isFinite(p) && (p < lo || p > hi))
      bad('bounds', `the range [${lo}, ${hi}] does not contain the ${start.kind === 'orbit' ? "run's" : "Hopf point's"} ${req.param} = ${p}; widen the range`);
    (req.at ?? []).forEach((v, i) => {
      if (!Number.isFinite(v) || !(v >= lo && v <= hi))
        bad(`at[${i}]`, `a user point must be a value of ${req.param} inside the range [${lo}, ${hi}] (got ${v})`);
    });
  }
  for (const key of ['ntst', 'ncol'] as const) {
    const v = req[key];
    const [min, max] = CYCLE_MESH_LIMITS[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= max)) bad(key, `must be a whole number from ${min} to ${max} (got ${v})`);
  }
  checkSettings(req.settings, issues);
  return issues;
}
