/**
 * Two-parameter curves -> project-file JSON (layout version 4; read back by ./read-curves.ts).
 * Points are stored by column like branch points: P, Q, one column per state and, on Hopf curves,
 * kappa and omega, where a null omega (a neutral saddle, kappa <= 0) is written as NaN: the engine
 * sets omega = sqrt(kappa) only where kappa > 0, so a stored NaN can only mean null.
 */
import type { Curve, CurvePoint, CurveRequest, CurveResult } from '../curves/types';
import { encodeArray } from './arrays';
import type { ByteCodec } from './codec';
import { num, numRecord } from './numbers';
import { SETTING_KEYS, shaped } from './shapes';
import type { ProjectCurve } from './types';

/** The request as stored; `model` is the reference the caller writes (a template or a library entry). */
function curveRequestJson(req: CurveRequest, model: unknown): unknown {
  const settings: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) settings[k] = num(req.settings[k]);
  return shaped('curveRequest', {
    model,
    type: req.type,
    params: [req.params[0], req.params[1]],
    values: numRecord(req.values),
    start: shaped('curveStart', {
      label: req.start.label,
      state: req.start.state.map(num),
      params: req.start.params.map(num),
      omega: req.start.omega !== undefined ? num(req.start.omega) : undefined,
    }),
    bounds: req.bounds.map((b) => b.map(num)),
    settings,
    at: req.at?.map(num),
  });
}

const omegaValue = (q: CurvePoint): number => (q.omega === null || q.omega === undefined ? NaN : q.omega);

function curveJson(c: Curve, codec?: ByteCodec): unknown {
  const count = c.points.length;
  const column = (get: (q: CurvePoint) => number) => {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = get(c.points[i]);
    return encodeArray(out, codec);
  };
  const hopf = c.type === 'hopf';
  return shaped('curve', {
    type: c.type,
    from: c.from,
    params: [c.params[0], c.params[1]],
    stateNames: c.stateNames,
    values: numRecord(c.values),
    startIndex: c.startIndex,
    ends: c.ends.map((e) => shaped('branchEnd', { reason: e.reason, message: e.message })),
    points: shaped('curvePoints', {
      count,
      p: column((q) => q.params[0]),
      q: column((q) => q.params[1]),
      x: c.stateNames.map((_, j) => column((q) => q.state[j])),
      kappa: hopf ? column((q) => q.kappa ?? NaN) : undefined,
      omega: hopf ? column(omegaValue) : undefined,
    }),
    special: c.special.map((s) =>
      shaped('curveSpecial', {
        type: s.type,
        label: s.label,
        index: s.index,
        params: s.point.params.map(num),
        state: s.point.state.map(num),
        kappa: s.point.kappa !== undefined ? num(s.point.kappa) : undefined,
        omega: s.point.omega === undefined ? undefined : s.point.omega === null ? null : num(s.point.omega),
        coefficients: numRecord(s.coefficients),
        converged: s.converged,
      }),
    ),
  });
}

function curveResultJson(res: CurveResult, codec?: ByteCodec): unknown {
  return shaped('curveResult', {
    status: res.status,
    message: res.message,
    stats: shaped('curveStats', { points: num(res.stats.points), wallMs: num(res.stats.wallMs) }),
    curve: res.curve ? curveJson(res.curve, codec) : null,
  });
}

/** One stored curve; `model` is its request's model reference as the file writes it. */
export function curveEntryJson(c: ProjectCurve, model: unknown, codec?: ByteCodec): unknown {
  return shaped('entry', {
    id: c.id,
    name: c.name || undefined,
    color: c.color,
    visible: c.visible,
    request: curveRequestJson(c.request, model),
    result: curveResultJson(c.result, codec),
  });
}
