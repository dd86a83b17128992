/**
 * Reading families of limit cycles (written by ./serialize-cycles.ts): the request (shape, then
 * the app's validator against the model) and the family, checked for consistency: its parameter is
 * the request's, its states the model's, its mesh a valid one, every column as long as
 * `points.count`, one multiplier per state, special points' indices inside the family, and each
 * orbit (when stored) NTST * NCOL + 1 rows of phase and states. Every problem is recorded with its
 * path (e.g. `cycles[0].result.branch.points.period`).
 */
import type { CycleBranch, CycleEnd, CyclePoint, CycleRequest, CycleResult, CycleSpecialPoint } from '../cycles/types';
import { CYCLE_MESH_LIMITS, ORBIT_START_MAX_SAMPLES } from '../cycles/types';
import { checkCycleRequestShape, validateCycle } from '../cycles/validate';
import type { ModelDef } from '../models/types';
import { MAX_BRANCH_POINTS } from './read-branches';
import { arrayLength, readArray, reserveValues } from './read-arrays';
import { readModelRef, type Library } from './read-library';
import { reportIssues, requestDef } from './read-runs';
import { anyNumber, at, bool, int, isObj, list, MAX_TOTAL_BRANCH_POINTS, numbers, obj, oneOf, readEntry, record, str, type Reader } from './reader';
import { SETTING_KEYS, SHAPES } from './shapes';
import type { ProjectCycleFamily } from './types';

const END_REASONS = ['bound', 'maxPoints', 'stepUnderflow', 'newtonDivergence', 'singular', 'cancelled', 'hopf', 'period'] as const;
const SPECIAL_TYPES = ['LPC', 'PD', 'NS', 'BP', 'UZ'] as const;

function readHopfStart(r: Reader, sp: string, so: Record<string, unknown>): unknown {
  if (so.kind !== undefined && so.kind !== 'hopf') r.error(at(sp, 'kind'), "must be 'orbit' (a run) or 'hopf' (a Hopf point, the default)");
  return {
    label: str(r, at(sp, 'label'), so.label, 64),
    state: numbers(r, at(sp, 'state'), so.state),
    p: anyNumber(r, at(sp, 'p'), so.p),
    omega: anyNumber(r, at(sp, 'omega'), so.omega),
  };
}

/** A start from a run's samples: t and one array per state (the validator checks their lengths and values). */
function readOrbitStart(r: Reader, sp: string, so: Record<string, unknown>): unknown {
  const samples = { maxLength: ORBIT_START_MAX_SAMPLES };
  const t = readArray(r, at(sp, 't'), so.t, samples);
  const items = list(r, at(sp, 'y'), so.y, 1000);
  const y = items?.map((c, i) => readArray(r, at(sp, `y[${i}]`), c, samples));
  const window = so.window === undefined ? undefined : anyNumber(r, at(sp, 'window'), so.window);
  return {
    kind: 'orbit',
    label: str(r, at(sp, 'label'), so.label, 64),
    t: t && Array.from(t),
    y: y?.map((c) => c && Array.from(c)),
    p: anyNumber(r, at(sp, 'p'), so.p),
    ...(window !== undefined ? { window } : {}),
  };
}

export function readCycleRequest(r: Reader, path: string, x: unknown, lib: Library): CycleRequest | undefined {
  const o = obj(r, path, x, SHAPES.cycleRequest);
  if (!o) return undefined;
  const before = r.errors.length;
  const num = (p: string, v: unknown) => anyNumber(r, p, v);
  const model = readModelRef(r, at(path, 'model'), o.model, lib);
  const values = record(r, at(path, 'values'), o.values, num);
  const settings = record(r, at(path, 'settings'), o.settings, num);
  if (settings)
    for (const k of Object.keys(settings)) if (!(SETTING_KEYS as readonly string[]).includes(k)) r.error(at(path, `settings.${k}`), 'is not a setting');
  const so = obj(r, at(path, 'start'), o.start, SHAPES.cycleStart);
  const sp = at(path, 'start');
  const start = so && (so.kind === 'orbit' ? readOrbitStart(r, sp, so) : readHopfStart(r, sp, so));
  const bounds = numbers(r, at(path, 'bounds'), o.bounds, 2);
  const atValues = o.at === undefined ? undefined : numbers(r, at(path, 'at'), o.at);
  if (r.errors.length > before || model === undefined) return undefined;
  const def = model.def;
  const req = {
    model: def.name,
    ...(model.entry ? { def } : {}),
    param: o.param,
    values,
    start,
    bounds,
    settings,
    ...(o.ntst !== undefined ? { ntst: o.ntst } : {}),
    ...(o.ncol !== undefined ? { ncol: o.ncol } : {}),
    ...(atValues !== undefined ? { at: atValues } : {}),
  } as unknown as CycleRequest;
  const shape = checkCycleRequestShape(req);
  if (shape.length > 0) return (reportIssues(r, path, shape), undefined);
  const issues = validateCycle(req, def);
  if (issues.length > 0) return (reportIssues(r, path, issues), undefined);
  return req;
}

/** Values in one orbit of a family with `n` states on an NTST x NCOL mesh. */
const orbitLength = (n: number, ntst: number, ncol: number): number => (ntst * ncol + 1) * (n + 1);

/** A cycle point stored in full (a special point's), or undefined (recorded). */
function readPoint(r: Reader, path: string, x: unknown, n: number, orbitValues: number): CyclePoint | undefined {
  const o = obj(r, path, x, SHAPES.cyclePoint);
  if (!o) return undefined;
  const before = r.errors.length;
  const p = anyNumber(r, at(path, 'p'), o.p);
  const period = anyNumber(r, at(path, 'period'), o.period);
  const stable = bool(r, at(path, 'stable'), o.stable);
  const trivialError = anyNumber(r, at(path, 'trivialError'), o.trivialError);
  const min = numbers(r, at(path, 'min'), o.min, n);
  const max = numbers(r, at(path, 'max'), o.max, n);
  const start = numbers(r, at(path, 'start'), o.start, n);
  const mItems = list(r, at(path, 'multipliers'), o.multipliers, n);
  if (mItems && mItems.length !== n) r.error(at(path, 'multipliers'), `must hold ${n} multipliers (one per state), got ${mItems.length}`);
  const multipliers = mItems?.map((m, i) => numbers(r, at(path, `multipliers[${i}]`), m, 2));
  const orbit = o.orbit === undefined ? undefined : readArray(r, at(path, 'orbit'), o.orbit, { length: orbitValues });
  if (r.errors.length > before) return undefined;
  const q: CyclePoint = {
    p: p!,
    period: period!,
    stable: stable!,
    multipliers: multipliers!.map((m) => [m![0], m![1]]),
    trivialError: trivialError!,
    min: min!,
    max: max!,
    start: start!,
  };
  if (orbit) q.orbit = orbit;
  return q;
}

function readSpecial(r: Reader, path: string, x: unknown, n: number, count: number, orbitValues: number): CycleSpecialPoint | undefined {
  const o = obj(r, path, x, SHAPES.cycleSpecial);
  if (!o) return undefined;
  const before = r.errors.length;
  const type = oneOf(r, at(path, 'type'), o.type, SPECIAL_TYPES);
  const label = str(r, at(path, 'label'), o.label, 64);
  const index = int(r, at(path, 'index'), o.index, 0, Math.max(0, count - 1));
  const converged = bool(r, at(path, 'converged'), o.converged);
  const info = record(r, at(path, 'info'), o.info, (p, v) => anyNumber(r, p, v));
  const point = readPoint(r, at(path, 'point'), o.point, n, orbitValues);
  if (r.errors.length > before) return undefined;
  return { type: type!, label: label!, index: index!, point: point!, converged: converged!, info: info! };
}

function readEnd(r: Reader, path: string, x: unknown): CycleEnd | undefined {
  const o = obj(r, path, x, SHAPES.cycleEnd);
  if (!o) return undefined;
  const reason = oneOf(r, at(path, 'reason'), o.reason, END_REASONS);
  const message = str(r, at(path, 'message'), o.message);
  const p = o.p === undefined ? undefined : anyNumber(r, at(path, 'p'), o.p);
  if (reason === undefined || message === undefined || (o.p !== undefined && p === undefined)) return undefined;
  return { reason, message, ...(p !== undefined ? { p } : {}) };
}

/** The columns of `count` points (see ./serialize-cycles.ts), or undefined (recorded). */
function readPoints(r: Reader, pp: string, po: Record<string, unknown>, n: number, orbitValues: number): CyclePoint[] | undefined {
  const count = int(r, at(pp, 'count'), po.count, 1, MAX_BRANCH_POINTS);
  if (count === undefined) return undefined;
  if (r.branchPoints + count > MAX_TOTAL_BRANCH_POINTS) {
    return r.error(at(pp, 'count'), `the file's branches, curves and cycles hold more than ${MAX_TOTAL_BRANCH_POINTS} points in all`);
  }
  const stable = str(r, at(pp, 'stable'), po.stable, MAX_BRANCH_POINTS);
  if (stable !== undefined && (stable.length !== count || !/^[01]*$/.test(stable))) {
    return r.error(at(pp, 'stable'), `must be ${count} characters '0' (unstable) or '1' (stable)`);
  }
  const groups = ['min', 'max', 'start', 'mulRe', 'mulIm'] as const;
  const items: Partial<Record<(typeof groups)[number], unknown[]>> = {};
  for (const g of groups) {
    const l = list(r, at(pp, g), po[g], 1000);
    if (l && l.length !== n) r.error(at(pp, g), `must hold ${n} columns (one per state), got ${l.length}`);
    else if (l) items[g] = l;
  }
  const orbitItems = po.orbits === undefined ? undefined : list(r, at(pp, 'orbits'), po.orbits, MAX_BRANCH_POINTS);
  if (orbitItems && orbitItems.length !== count)
    return r.error(at(pp, 'orbits'), `must hold ${count} orbits (null for a point without), got ${orbitItems.length}`);
  if (stable === undefined || groups.some((g) => !items[g]) || (po.orbits !== undefined && !orbitItems)) return undefined;
  // Every declared length first, then the budget, then decoding.
  const lengthOk = (key: string, v: unknown) => arrayLength(r, at(pp, key), v, { length: count }) !== undefined;
  if (!['p', 'period', 'trivialError'].every((k) => lengthOk(k, po[k]))) return undefined;
  if (!groups.every((g) => items[g]!.every((c, j) => lengthOk(`${g}[${j}]`, c)))) return undefined;
  const orbitsOk = (orbitItems ?? []).every((c, i) => c === null || arrayLength(r, at(pp, `orbits[${i}]`), c, { length: orbitValues }) !== undefined);
  if (!orbitsOk) return undefined;
  const orbitCount = (orbitItems ?? []).filter((c) => c !== null).length;
  if (!reserveValues(r, pp, count * (3 + 5 * n) + orbitCount * orbitValues)) return undefined;
  r.branchPoints += count;
  const col = (key: string, v: unknown) => readArray(r, at(pp, key), v, { length: count });
  const p = col('p', po.p);
  const period = col('period', po.period);
  const trivial = col('trivialError', po.trivialError);
  const cols = Object.fromEntries(groups.map((g) => [g, items[g]!.map((c, j) => col(`${g}[${j}]`, c))])) as Record<
    (typeof groups)[number],
    (Float64Array | undefined)[]
  >;
  const orbits = (orbitItems ?? []).map((c, i) => (c === null ? null : readArray(r, at(pp, `orbits[${i}]`), c, { length: orbitValues })));
  if (!p || !period || !trivial || groups.some((g) => cols[g].some((c) => !c)) || orbits.some((c) => c === undefined)) return undefined;
  const points: CyclePoint[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const pick = (g: (typeof groups)[number]) => cols[g].map((c) => c![i]);
    const re = pick('mulRe');
    const im = pick('mulIm');
    const q: CyclePoint = {
      p: p[i],
      period: period[i],
      stable: stable.charCodeAt(i) === 49,
      multipliers: re.map((v, j) => [v, im[j]]),
      trivialError: trivial[i],
      min: pick('min'),
      max: pick('max'),
      start: pick('start'),
    };
    const orbit = orbits[i];
    if (orbit) q.orbit = orbit;
    points[i] = q;
  }
  return points;
}

function readFamily(r: Reader, path: string, x: unknown, req: CycleRequest, def: ModelDef): CycleBranch | undefined {
  const o = obj(r, path, x, SHAPES.cycleBranch);
  if (!o) return undefined;
  const states = def.states.map((s) => s.name);
  const n = states.length;
  if (o.param !== req.param) return r.error(at(path, 'param'), `must be the request's parameter '${req.param}'`);
  const from = str(r, at(path, 'from'), o.from, 64);
  const names = list(r, at(path, 'stateNames'), o.stateNames, 1000);
  if (!names || from === undefined) return undefined;
  if (names.length !== n || names.some((s, i) => s !== states[i])) {
    return r.error(at(path, 'stateNames'), `must be the states of ${def.name} in order (${states.join(', ')})`);
  }
  const values = record(r, at(path, 'values'), o.values, (p, v) => anyNumber(r, p, v));
  const ntst = int(r, at(path, 'ntst'), o.ntst, CYCLE_MESH_LIMITS.ntst[0], CYCLE_MESH_LIMITS.ntst[1]);
  const ncol = int(r, at(path, 'ncol'), o.ncol, CYCLE_MESH_LIMITS.ncol[0], CYCLE_MESH_LIMITS.ncol[1]);
  const po = obj(r, at(path, 'points'), o.points, SHAPES.cyclePoints);
  if (!po || !values || ntst === undefined || ncol === undefined) return undefined;
  const orbitValues = orbitLength(n, ntst, ncol);
  const points = readPoints(r, at(path, 'points'), po, n, orbitValues);
  if (!points) return undefined;
  const startIndex = o.startIndex === undefined ? undefined : int(r, at(path, 'startIndex'), o.startIndex, 0, points.length - 1);
  if (o.startIndex !== undefined && startIndex === undefined) return undefined;
  const endItems = list(r, at(path, 'ends'), o.ends, 2);
  if (endItems && endItems.length !== 2) r.error(at(path, 'ends'), 'must hold the two ends of the family (its birth and why it stopped)');
  const ends = (endItems ?? []).map((e, i) => readEnd(r, at(path, `ends[${i}]`), e));
  const specialItems = list(r, at(path, 'special'), o.special, 10_000);
  const special = (specialItems ?? []).map((s, i) => readSpecial(r, at(path, `special[${i}]`), s, n, points.length, orbitValues));
  if (ends.length !== 2 || ends.some((e) => !e) || !specialItems || special.some((s) => !s)) return undefined;
  return {
    from,
    param: req.param,
    stateNames: states,
    values,
    ntst,
    ncol,
    points,
    special: special as CycleSpecialPoint[],
    ends: [ends[0]!, ends[1]!],
    ...(startIndex !== undefined ? { startIndex } : {}),
  };
}

function readCycleResult(r: Reader, path: string, x: unknown, req: CycleRequest, def: ModelDef): CycleResult | undefined {
  const before = r.errors.length;
  const o = obj(r, path, x, SHAPES.cycleResult);
  if (!o) return undefined;
  const status = oneOf(r, at(path, 'status'), o.status, ['ok', 'cancelled'] as const);
  const message = str(r, at(path, 'message'), o.message);
  const so = obj(r, at(path, 'stats'), o.stats, SHAPES.cycleStats);
  const stat = (k: string) => (so ? anyNumber(r, at(path, `stats.${k}`), so[k]) : undefined);
  const stats = { points: stat('points'), wallMs: stat('wallMs'), iterations: stat('iterations'), factorizations: stat('factorizations') };
  if (!isObj(o.branch)) return r.error(at(path, 'branch'), 'a stored family must hold its points');
  if (r.errors.length > before) return undefined;
  const branch = readFamily(r, at(path, 'branch'), o.branch, req, def);
  if (!branch) return undefined;
  return { status: status!, message: message!, branch, stats: stats as CycleResult['stats'] };
}

export function readCycleEntry(r: Reader, path: string, x: unknown, lib: Library): ProjectCycleFamily | undefined {
  return readEntry(
    r,
    path,
    x,
    (p, v) => readCycleRequest(r, p, v, lib),
    (p, v, request) => readCycleResult(r, p, v, request, requestDef(request)),
  );
}
