/**
 * Families of limit cycles -> project-file JSON (layout version 6; read back by ./read-cycles.ts).
 * Points are stored by column like branch points (./arrays.ts, bit-exact): p, period, stability
 * as a '0'/'1' string, the trivial multiplier's error, min / max / start per state, and the
 * multipliers' real and imaginary parts per index (one multiplier per state). A point's orbit (its
 * rows of phase and states, when recorded) is one stored array per point under `orbits` (null for
 * a point without), written only when some point has one. Special points are objects, each with
 * its located point in full.
 */
import { isOrbitStart, type CycleBranch, type CyclePoint, type CycleRequest, type CycleResult } from '../cycles/types';
import { encodeArray } from './arrays';
import type { ByteCodec } from './codec';
import { num, numRecord } from './numbers';
import { SETTING_KEYS, shaped } from './shapes';
import type { ProjectCycleFamily } from './types';

/** Where the family starts: a Hopf point, or a run's samples (stored as arrays, bit-exact). */
function cycleStartJson(start: CycleRequest['start'], codec?: ByteCodec): unknown {
  if (isOrbitStart(start)) {
    const { label, t, y, p, window } = start;
    const rest = { state: undefined, omega: undefined, window: window !== undefined ? num(window) : undefined };
    return shaped('cycleStart', { kind: 'orbit', label, t: encodeArray(t, codec), y: y.map((c) => encodeArray(c, codec)), p: num(p), ...rest });
  }
  return shaped('cycleStart', {
    kind: undefined,
    label: start.label,
    state: start.state.map(num),
    p: num(start.p),
    omega: num(start.omega),
    t: undefined,
    y: undefined,
    window: undefined,
  });
}

/** The request as stored; `model` is the reference the caller writes (a template or a library entry). */
function cycleRequestJson(req: CycleRequest, model: unknown, codec?: ByteCodec): unknown {
  const settings: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) if (req.settings[k] !== undefined) settings[k] = num(req.settings[k]);
  return shaped('cycleRequest', {
    model,
    param: req.param,
    values: numRecord(req.values),
    start: cycleStartJson(req.start, codec),
    bounds: [num(req.bounds[0]), num(req.bounds[1])],
    settings,
    ntst: req.ntst,
    ncol: req.ncol,
    at: req.at?.map(num),
  });
}

/** One point in full (special points). */
function cyclePointJson(q: CyclePoint, codec?: ByteCodec): unknown {
  return shaped('cyclePoint', {
    p: num(q.p),
    period: num(q.period),
    stable: q.stable,
    trivialError: num(q.trivialError),
    min: q.min.map(num),
    max: q.max.map(num),
    start: q.start.map(num),
    multipliers: q.multipliers.map(([re, im]) => [num(re), num(im)]),
    orbit: q.orbit ? encodeArray(q.orbit, codec) : undefined,
  });
}

function cycleBranchJson(b: CycleBranch, codec?: ByteCodec): unknown {
  const count = b.points.length;
  const n = b.stateNames.length;
  const column = (get: (q: CyclePoint) => number) => {
    const c = new Float64Array(count);
    for (let i = 0; i < count; i++) c[i] = get(b.points[i]);
    return encodeArray(c, codec);
  };
  const perState = (get: (q: CyclePoint, j: number) => number) => Array.from({ length: n }, (_, j) => column((q) => get(q, j)));
  const mult = (q: CyclePoint, j: number, part: 0 | 1) => q.multipliers[j]?.[part] ?? NaN;
  const anyOrbit = b.points.some((q) => q.orbit !== undefined);
  return shaped('cycleBranch', {
    from: b.from,
    param: b.param,
    stateNames: b.stateNames,
    values: numRecord(b.values),
    ntst: b.ntst,
    ncol: b.ncol,
    startIndex: b.startIndex,
    ends: b.ends.map((e) => shaped('cycleEnd', { reason: e.reason, message: e.message, p: e.p !== undefined ? num(e.p) : undefined })),
    points: shaped('cyclePoints', {
      count,
      p: column((q) => q.p),
      period: column((q) => q.period),
      stable: b.points.map((q) => (q.stable ? '1' : '0')).join(''),
      trivialError: column((q) => q.trivialError),
      min: perState((q, j) => q.min[j]),
      max: perState((q, j) => q.max[j]),
      start: perState((q, j) => q.start[j]),
      mulRe: perState((q, j) => mult(q, j, 0)),
      mulIm: perState((q, j) => mult(q, j, 1)),
      orbits: anyOrbit ? b.points.map((q) => (q.orbit ? encodeArray(q.orbit, codec) : null)) : undefined,
    }),
    special: b.special.map((s) =>
      shaped('cycleSpecial', {
        type: s.type,
        label: s.label,
        index: s.index,
        converged: s.converged,
        info: numRecord(s.info),
        point: cyclePointJson(s.point, codec),
      }),
    ),
  });
}

function cycleResultJson(res: CycleResult, codec?: ByteCodec): unknown {
  const { points, wallMs, iterations, factorizations } = res.stats;
  return shaped('cycleResult', {
    status: res.status,
    message: res.message,
    stats: shaped('cycleStats', { points: num(points), wallMs: num(wallMs), iterations: num(iterations), factorizations: num(factorizations) }),
    branch: res.branch ? cycleBranchJson(res.branch, codec) : null,
  });
}

/** One stored family; `model` is its request's model reference as the file writes it. */
export function cycleEntryJson(c: ProjectCycleFamily, model: unknown, codec?: ByteCodec): unknown {
  return shaped('entry', {
    id: c.id,
    name: c.name || undefined,
    color: c.color,
    visible: c.visible,
    request: cycleRequestJson(c.request, model, codec),
    result: cycleResultJson(c.result, codec),
  });
}
