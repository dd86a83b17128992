/**
 * Reading continuation branches: the request (shape, then the app's validator against the model)
 * and the traced branch, checked for consistency: the branch's parameter is the request's, its
 * states are the model's, every point has a value per state and an eigenvalue per state, indices
 * (start, special points) point inside the branch.
 */
import {
  type Branch,
  type BranchEnd,
  type BranchPoint,
  type Complex,
  type ContinuationRequest,
  type ContinuationResult,
  type SpecialPoint,
} from '../continuation/types';
import { checkContinuationRequestShape, validateContinuation } from '../continuation/validate';
import type { ModelDef } from '../models/types';
import { arrayLength, readArray, reserveValues } from './read-arrays';
import { readModelRef, type Library } from './read-library';
import { reportIssues, requestDef } from './read-runs';
import { anyNumber, at, bool, int, list, MAX_TOTAL_BRANCH_POINTS, obj, oneOf, readEntry, record, str, type Reader } from './reader';
import type { ProjectBranch } from './types';
import { SETTING_KEYS, SHAPES } from './shapes';

/** Most points a stored branch may hold (two directions of the largest maxPoints, plus the start). */
export const MAX_BRANCH_POINTS = 200_001;
const END_REASONS = ['bound', 'maxPoints', 'stepUnderflow', 'newtonDivergence', 'singular', 'cancelled'] as const;

/** A stored continuation request (`model` a reference, as for simulations: ./read-runs.ts). */
export function readContinuationRequest(r: Reader, path: string, x: unknown, lib: Library): ContinuationRequest | undefined {
  const o = obj(r, path, x, SHAPES.continuationRequest);
  if (!o) return undefined;
  const before = r.errors.length;
  const num = (p: string, v: unknown) => anyNumber(r, p, v);
  const model = readModelRef(r, at(path, 'model'), o.model, lib);
  const params = record(r, at(path, 'params'), o.params, num);
  const initial = record(r, at(path, 'initial'), o.initial, num);
  const inputs = record(r, at(path, 'inputs'), o.inputs, num);
  const param = str(r, at(path, 'param'), o.param, 64);
  const b = list(r, at(path, 'bounds'), o.bounds, 2);
  let bounds: [number, number] | undefined;
  if (b) {
    const lo = anyNumber(r, at(path, 'bounds[0]'), b[0]);
    const hi = anyNumber(r, at(path, 'bounds[1]'), b[1]);
    if (b.length !== 2) r.error(at(path, 'bounds'), 'must be two numbers [from, to]');
    else if (lo !== undefined && hi !== undefined) bounds = [lo, hi];
  }
  const settings = record(r, at(path, 'settings'), o.settings, num);
  if (r.errors.length > before || model === undefined) return undefined;
  const def = model.def;
  const req = { model: def.name, ...(model.entry ? { def } : {}), params, initial, inputs, param, bounds, settings } as unknown as ContinuationRequest;
  const shape = checkContinuationRequestShape(req);
  if (shape.length > 0) return (reportIssues(r, path, shape), undefined);
  const issues = validateContinuation(req, def);
  if (issues.length > 0) return (reportIssues(r, path, issues), undefined);
  for (const k of SETTING_KEYS) if (!(k in req.settings)) return r.error(at(path, `settings.${k}`), 'is missing');
  return req;
}

function complexList(r: Reader, path: string, x: unknown, n: number): Complex[] | undefined {
  const items = list(r, path, x, n);
  if (!items) return undefined;
  if (items.length !== n) return r.error(path, `must hold ${n} eigenvalues (one per state), got ${items.length}`);
  const out: Complex[] = [];
  for (let i = 0; i < n; i++) {
    const pair = list(r, at(path, i), items[i], 2);
    if (!pair) return undefined;
    const re = anyNumber(r, at(path, `${i}][0`), pair[0]);
    const im = anyNumber(r, at(path, `${i}][1`), pair[1]);
    if (pair.length !== 2 || re === undefined || im === undefined) return r.error(at(path, i), 'must be [re, im]');
    out.push([re, im]);
  }
  return out;
}

function readSpecial(r: Reader, path: string, x: unknown, n: number, count: number): SpecialPoint | undefined {
  const o = obj(r, path, x, SHAPES.specialPoint);
  if (!o) return undefined;
  const before = r.errors.length;
  const type = oneOf(r, at(path, 'type'), o.type, ['HB', 'LP', 'BP'] as const);
  const label = str(r, at(path, 'label'), o.label, 64);
  const index = int(r, at(path, 'index'), o.index, 0, Math.max(0, count - 1));
  const p = anyNumber(r, at(path, 'p'), o.p);
  const xs = list(r, at(path, 'x'), o.x, n);
  const xv: number[] = [];
  if (xs) {
    if (xs.length !== n) r.error(at(path, 'x'), `must hold ${n} values (one per state), got ${xs.length}`);
    else xs.forEach((v, i) => xv.push(anyNumber(r, at(path, `x[${i}]`), v) as number));
  }
  const eigenvalues = complexList(r, at(path, 'eigenvalues'), o.eigenvalues, n);
  const converged = bool(r, at(path, 'converged'), o.converged);
  const opt = (k: 'omega' | 'period' | 'l1') => (o[k] === undefined ? undefined : anyNumber(r, at(path, k), o[k]));
  const omega = opt('omega');
  const period = opt('period');
  const l1 = opt('l1');
  const criticality =
    o.criticality === undefined ? undefined : oneOf(r, at(path, 'criticality'), o.criticality, ['supercritical', 'subcritical', 'degenerate'] as const);
  const description = str(r, at(path, 'description'), o.description);
  if (r.errors.length > before) return undefined;
  return {
    type: type!,
    label: label!,
    index: index!,
    p: p!,
    x: xv,
    eigenvalues: eigenvalues!,
    converged: converged!,
    ...(omega !== undefined ? { omega } : {}),
    ...(period !== undefined ? { period } : {}),
    ...(l1 !== undefined ? { l1 } : {}),
    ...(criticality !== undefined ? { criticality } : {}),
    description: description!,
  };
}

function readBranch(r: Reader, path: string, x: unknown, req: ContinuationRequest, def: ModelDef): Branch | undefined {
  const o = obj(r, path, x, SHAPES.branch);
  if (!o) return undefined;
  const states = def.states.map((s) => s.name);
  const n = states.length;
  if (o.param !== req.param) return r.error(at(path, 'param'), `must be the request's parameter '${req.param}'`);
  const names = list(r, at(path, 'stateNames'), o.stateNames, 1000);
  if (!names) return undefined;
  if (names.length !== n || names.some((s, i) => s !== states[i])) {
    return r.error(at(path, 'stateNames'), `must be the states of ${def.name} in order (${states.join(', ')})`);
  }
  const po = obj(r, at(path, 'points'), o.points, SHAPES.branchPoints);
  if (!po) return undefined;
  // Sizes first: the count the request's maxPoints allows (both directions and the start), the
  // file's branch-point budget, and every column's declared length, before anything is decoded.
  const count = int(r, at(path, 'points.count'), po.count, 1, MAX_BRANCH_POINTS);
  if (count === undefined) return undefined;
  const maxCount = 2 * req.settings.maxPoints + 1;
  if (count > maxCount) {
    return r.error(
      at(path, 'points.count'),
      `is ${count}; the request's maxPoints ${req.settings.maxPoints} allows at most ${maxCount} (both directions and the start)`,
    );
  }
  if (r.branchPoints + count > MAX_TOTAL_BRANCH_POINTS) {
    return r.error(at(path, 'points.count'), `the file's branches hold more than ${MAX_TOTAL_BRANCH_POINTS} points in all`);
  }
  const pp = at(path, 'points');
  const stable = str(r, at(pp, 'stable'), po.stable, MAX_BRANCH_POINTS);
  if (stable !== undefined && (stable.length !== count || !/^[01]*$/.test(stable))) {
    return r.error(at(pp, 'stable'), `must be ${count} characters '0' (unstable) or '1' (stable)`);
  }
  const columnItems = (key: 'x' | 'eigRe' | 'eigIm'): unknown[] | undefined => {
    const items = list(r, at(pp, key), po[key], 1000);
    if (!items) return undefined;
    if (items.length !== n) return r.error(at(pp, key), `must hold ${n} columns (one per state), got ${items.length}`);
    for (let j = 0; j < n; j++) if (arrayLength(r, at(pp, `${key}[${j}]`), items[j], { length: count }) === undefined) return undefined;
    return items;
  };
  const pLength = arrayLength(r, at(pp, 'p'), po.p, { length: count });
  const xItems = columnItems('x');
  const reItems = columnItems('eigRe');
  const imItems = columnItems('eigIm');
  if (pLength === undefined || stable === undefined || !xItems || !reItems || !imItems) return undefined;
  if (!reserveValues(r, pp, count * (1 + 3 * n))) return undefined;
  r.branchPoints += count;
  const columns = (key: string, items: unknown[]): Float64Array[] | undefined => {
    const out: Float64Array[] = [];
    for (let j = 0; j < n; j++) {
      const c = readArray(r, at(pp, `${key}[${j}]`), items[j], { length: count });
      if (!c) return undefined;
      out.push(c);
    }
    return out;
  };
  const p = readArray(r, at(pp, 'p'), po.p, { length: count });
  const xs = p && columns('x', xItems);
  const re = xs && columns('eigRe', reItems);
  const im = re && columns('eigIm', imItems);
  if (!p || !xs || !re || !im) return undefined;
  const points: BranchPoint[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const x: number[] = new Array(n);
    const eigenvalues: Complex[] = new Array(n);
    for (let j = 0; j < n; j++) {
      x[j] = xs[j][i];
      eigenvalues[j] = [re[j][i], im[j][i]];
    }
    points[i] = { p: p[i], x, stable: stable.charCodeAt(i) === 49, eigenvalues };
  }
  const startIndex = int(r, at(path, 'startIndex'), o.startIndex, 0, count - 1);
  const endItems = list(r, at(path, 'ends'), o.ends, 2);
  const ends: BranchEnd[] = [];
  if (endItems) {
    if (endItems.length !== 2) r.error(at(path, 'ends'), 'must hold the two ends of the branch');
    endItems.forEach((e, i) => {
      const eo = obj(r, at(path, `ends[${i}]`), e, SHAPES.branchEnd);
      const reason = eo && oneOf(r, at(path, `ends[${i}].reason`), eo.reason, END_REASONS);
      const message = eo && str(r, at(path, `ends[${i}].message`), eo.message);
      if (reason && message != null) ends.push({ reason, message });
    });
  }
  const specialItems = list(r, at(path, 'special'), o.special, 10_000);
  const special: SpecialPoint[] = [];
  specialItems?.forEach((s, i) => {
    const sp = readSpecial(r, at(path, `special[${i}]`), s, n, count);
    if (sp) special.push(sp);
  });
  if (startIndex === undefined || ends.length !== 2 || !specialItems || special.length !== specialItems.length) return undefined;
  return { param: req.param, stateNames: states, points, special, ends: [ends[0], ends[1]], startIndex };
}

function readBranchResult(r: Reader, rp: string, x: unknown, request: ContinuationRequest, def: ModelDef): ContinuationResult | undefined {
  const before = r.errors.length;
  const ro = obj(r, rp, x, SHAPES.continuationResult);
  if (!ro) return undefined;
  const status = oneOf(r, at(rp, 'status'), ro.status, ['ok', 'cancelled', 'noEquilibrium'] as const);
  const message = str(r, at(rp, 'message'), ro.message);
  const stats = record(r, at(rp, 'stats'), ro.stats, (p, v) => anyNumber(r, p, v));
  for (const k of SHAPES.continuationStats) {
    if (stats && !(k in stats)) r.error(at(rp, `stats.${k}`), 'is missing');
  }
  if (ro.branch === null || ro.branch === undefined) return r.error(at(rp, 'branch'), 'a stored branch must hold its points');
  if (r.errors.length > before) return undefined;
  const branch = readBranch(r, at(rp, 'branch'), ro.branch, request, def);
  if (!branch) return undefined;
  return { status: status!, message: message!, branch, stats: stats as ContinuationResult['stats'] };
}

export function readBranchEntry(r: Reader, path: string, x: unknown, lib: Library): ProjectBranch | undefined {
  return readEntry(
    r,
    path,
    x,
    (p, v) => readContinuationRequest(r, p, v, lib),
    (p, v, request) => readBranchResult(r, p, v, request, requestDef(request)),
  );
}
