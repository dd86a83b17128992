/**
 * Reading two-parameter curves (written by ./serialize-curves.ts): the request (shape, then the
 * app's validator against the model) and the curve, checked for consistency: its type and
 * parameters are the request's, its states the model's, every column as long as `points.count`,
 * indices (start, special points) inside the curve. A stored omega of NaN reads back as null (a
 * neutral saddle; see ./serialize-curves.ts).
 */
import type { BranchEnd } from '../continuation/types';
import type { Codim2Kind, Curve, CurvePoint, CurveRequest, CurveResult, CurveSpecialPoint } from '../curves/types';
import { checkCurveRequestShape, validateCurve } from '../curves/validate';
import type { ModelDef } from '../models/types';
import { MAX_BRANCH_POINTS } from './read-branches';
import { arrayLength, readArray, reserveValues } from './read-arrays';
import { readModelRef, type Library } from './read-library';
import { reportIssues, requestDef } from './read-runs';
import { anyNumber, at, bool, int, isObj, list, MAX_TOTAL_BRANCH_POINTS, numbers, obj, oneOf, readEntry, record, str, type Reader } from './reader';
import { SETTING_KEYS, SHAPES } from './shapes';
import type { ProjectCurve } from './types';

const END_REASONS = ['bound', 'maxPoints', 'stepUnderflow', 'newtonDivergence', 'singular', 'cancelled'] as const;
const SPECIAL_TYPES = ['BT', 'CP', 'GH', 'ZH', 'HH', 'UZ'] as const satisfies readonly (Codim2Kind | 'UZ')[];

export function readCurveRequest(r: Reader, path: string, x: unknown, lib: Library): CurveRequest | undefined {
  const o = obj(r, path, x, SHAPES.curveRequest);
  if (!o) return undefined;
  const before = r.errors.length;
  const num = (p: string, v: unknown) => anyNumber(r, p, v);
  const model = readModelRef(r, at(path, 'model'), o.model, lib);
  const values = record(r, at(path, 'values'), o.values, num);
  const settings = record(r, at(path, 'settings'), o.settings, num);
  const so = obj(r, at(path, 'start'), o.start, SHAPES.curveStart);
  const sp = at(path, 'start');
  const start = so && {
    label: str(r, at(sp, 'label'), so.label, 64),
    state: numbers(r, at(sp, 'state'), so.state),
    params: numbers(r, at(sp, 'params'), so.params, 2),
    ...(so.omega !== undefined ? { omega: anyNumber(r, at(sp, 'omega'), so.omega) } : {}),
  };
  const bl = list(r, at(path, 'bounds'), o.bounds, 2);
  const bounds = bl && bl.map((b, i) => numbers(r, at(path, `bounds[${i}]`), b, 2));
  const atValues = o.at === undefined ? undefined : numbers(r, at(path, 'at'), o.at, undefined);
  if (r.errors.length > before || model === undefined) return undefined;
  const def = model.def;
  const req = {
    model: def.name,
    ...(model.entry ? { def } : {}),
    type: o.type,
    params: o.params,
    values,
    start,
    bounds,
    settings,
    ...(atValues !== undefined ? { at: atValues } : {}),
  } as unknown as CurveRequest;
  const shape = checkCurveRequestShape(req);
  if (shape.length > 0) return (reportIssues(r, path, shape), undefined);
  const issues = validateCurve(req, def);
  if (issues.length > 0) return (reportIssues(r, path, issues), undefined);
  for (const k of SETTING_KEYS) if (!(k in req.settings)) return r.error(at(path, `settings.${k}`), 'is missing');
  return req;
}

function readSpecial(r: Reader, path: string, x: unknown, n: number, count: number, hopf: boolean): CurveSpecialPoint | undefined {
  const o = obj(r, path, x, SHAPES.curveSpecial);
  if (!o) return undefined;
  const before = r.errors.length;
  const type = oneOf(r, at(path, 'type'), o.type, SPECIAL_TYPES);
  const label = str(r, at(path, 'label'), o.label, 64);
  const index = int(r, at(path, 'index'), o.index, 0, Math.max(0, count - 1));
  const params = numbers(r, at(path, 'params'), o.params, 2);
  const state = numbers(r, at(path, 'state'), o.state, n);
  const kappa = o.kappa === undefined ? undefined : anyNumber(r, at(path, 'kappa'), o.kappa);
  const omega = o.omega === undefined || o.omega === null ? o.omega : anyNumber(r, at(path, 'omega'), o.omega);
  const coefficients = record(r, at(path, 'coefficients'), o.coefficients, (p, v) => anyNumber(r, p, v));
  const converged = bool(r, at(path, 'converged'), o.converged);
  if (!hopf && (o.kappa !== undefined || o.omega !== undefined)) r.error(path, 'a point of a fold curve has no kappa or omega');
  if (r.errors.length > before) return undefined;
  const point: CurvePoint = { params: params as [number, number], state: state! };
  if (kappa !== undefined) point.kappa = kappa;
  if (omega !== undefined) point.omega = omega as number | null;
  return { type: type!, label: label!, index: index!, point, coefficients: coefficients!, converged: converged! };
}

function readCurve(r: Reader, path: string, x: unknown, req: CurveRequest, def: ModelDef): Curve | undefined {
  const o = obj(r, path, x, SHAPES.curve);
  if (!o) return undefined;
  const states = def.states.map((s) => s.name);
  const n = states.length;
  if (o.type !== req.type) return r.error(at(path, 'type'), `must be the request's type '${req.type}'`);
  const params = o.params;
  if (!Array.isArray(params) || params.length !== 2 || params[0] !== req.params[0] || params[1] !== req.params[1]) {
    return r.error(at(path, 'params'), `must be the request's parameters [${req.params.join(', ')}]`);
  }
  const from = str(r, at(path, 'from'), o.from, 64);
  const names = list(r, at(path, 'stateNames'), o.stateNames, 1000);
  if (!names || from === undefined) return undefined;
  if (names.length !== n || names.some((s, i) => s !== states[i])) {
    return r.error(at(path, 'stateNames'), `must be the states of ${def.name} in order (${states.join(', ')})`);
  }
  const values = record(r, at(path, 'values'), o.values, (p, v) => anyNumber(r, p, v));
  const po = obj(r, at(path, 'points'), o.points, SHAPES.curvePoints);
  if (!po || !values) return undefined;
  const pp = at(path, 'points');
  const count = int(r, at(pp, 'count'), po.count, 1, MAX_BRANCH_POINTS);
  if (count === undefined) return undefined;
  if (r.branchPoints + count > MAX_TOTAL_BRANCH_POINTS) {
    return r.error(at(pp, 'count'), `the file's branches and curves hold more than ${MAX_TOTAL_BRANCH_POINTS} points in all`);
  }
  const hopf = req.type === 'hopf';
  if (!hopf && (po.kappa !== undefined || po.omega !== undefined)) return r.error(pp, 'a fold curve has no kappa or omega columns');
  if (hopf && (po.kappa === undefined || po.omega === undefined)) return r.error(pp, 'a Hopf curve must hold its kappa and omega columns');
  const xItems = list(r, at(pp, 'x'), po.x, 1000);
  if (!xItems) return undefined;
  if (xItems.length !== n) return r.error(at(pp, 'x'), `must hold ${n} columns (one per state), got ${xItems.length}`);
  // Every declared length first, then the budget, then decoding.
  const lengthOk = (key: string, v: unknown) => arrayLength(r, at(pp, key), v, { length: count }) !== undefined;
  if (!lengthOk('p', po.p) || !lengthOk('q', po.q) || !xItems.every((c, j) => lengthOk(`x[${j}]`, c))) return undefined;
  if (hopf && (!lengthOk('kappa', po.kappa) || !lengthOk('omega', po.omega))) return undefined;
  if (!reserveValues(r, pp, count * (2 + n + (hopf ? 2 : 0)))) return undefined;
  r.branchPoints += count;
  const p = readArray(r, at(pp, 'p'), po.p, { length: count });
  const q = readArray(r, at(pp, 'q'), po.q, { length: count });
  const xs = xItems.map((c, j) => readArray(r, at(pp, `x[${j}]`), c, { length: count }));
  const kappa = hopf ? readArray(r, at(pp, 'kappa'), po.kappa, { length: count }) : undefined;
  const omega = hopf ? readArray(r, at(pp, 'omega'), po.omega, { length: count }) : undefined;
  if (!p || !q || xs.some((c) => !c) || (hopf && (!kappa || !omega))) return undefined;
  const points: CurvePoint[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const point: CurvePoint = { params: [p[i], q[i]], state: xs.map((c) => c![i]) };
    if (hopf) {
      point.kappa = kappa![i];
      point.omega = Number.isNaN(omega![i]) ? null : omega![i];
    }
    points[i] = point;
  }
  const startIndex = int(r, at(path, 'startIndex'), o.startIndex, 0, count - 1);
  const endItems = list(r, at(path, 'ends'), o.ends, 2);
  const ends: BranchEnd[] = [];
  endItems?.forEach((e, i) => {
    const eo = obj(r, at(path, `ends[${i}]`), e, SHAPES.branchEnd);
    const reason = eo && oneOf(r, at(path, `ends[${i}].reason`), eo.reason, END_REASONS);
    const message = eo && str(r, at(path, `ends[${i}].message`), eo.message);
    if (reason && message != null) ends.push({ reason, message });
  });
  if (endItems && endItems.length !== 2) r.error(at(path, 'ends'), 'must hold the two ends of the curve');
  const specialItems = list(r, at(path, 'special'), o.special, 10_000);
  const special: CurveSpecialPoint[] = [];
  specialItems?.forEach((s, i) => {
    const sp = readSpecial(r, at(path, `special[${i}]`), s, n, count, hopf);
    if (sp) special.push(sp);
  });
  if (startIndex === undefined || ends.length !== 2 || !specialItems || special.length !== specialItems.length) return undefined;
  return { type: req.type, from, params: [req.params[0], req.params[1]], stateNames: states, values, points, startIndex, special, ends: [ends[0], ends[1]] };
}

function readCurveResult(r: Reader, path: string, x: unknown, req: CurveRequest, def: ModelDef): CurveResult | undefined {
  const before = r.errors.length;
  const o = obj(r, path, x, SHAPES.curveResult);
  if (!o) return undefined;
  const status = oneOf(r, at(path, 'status'), o.status, ['ok', 'cancelled', 'noStart'] as const);
  const message = str(r, at(path, 'message'), o.message);
  const so = obj(r, at(path, 'stats'), o.stats, SHAPES.curveStats);
  const points = so && anyNumber(r, at(path, 'stats.points'), so.points);
  const wallMs = so && anyNumber(r, at(path, 'stats.wallMs'), so.wallMs);
  if (!isObj(o.curve)) return r.error(at(path, 'curve'), 'a stored curve must hold its points');
  if (r.errors.length > before) return undefined;
  const curve = readCurve(r, at(path, 'curve'), o.curve, req, def);
  if (!curve) return undefined;
  return { status: status!, message: message!, curve, stats: { points: points!, wallMs: wallMs! } };
}

export function readCurveEntry(r: Reader, path: string, x: unknown, lib: Library): ProjectCurve | undefined {
  return readEntry(
    r,
    path,
    x,
    (p, v) => readCurveRequest(r, p, v, lib),
    (p, v, request) => readCurveResult(r, p, v, request, requestDef(request)),
  );
}
