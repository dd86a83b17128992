/**
 * Output of `meanfield continue --curves`: the top-level JSON field `curves` (written after the
 * branch) and the curves' CSV table. Points are written directly as text (no intermediate
 * objects), numbers at full precision (String(x)), non-finite ones as null (JSON) or empty (CSV).
 */
import type { ContinuationRequest } from '@shared/continuation/types';
import type { Curve, CurvePoint } from '@shared/curves/types';
import type { CurveRun } from './curve-runner';

const jsonNumber = (x: number | null | undefined): string => (x !== null && x !== undefined && Number.isFinite(x) ? String(x) : 'null');
const cell = (x: number | null | undefined): string => (x !== null && x !== undefined && Number.isFinite(x) ? String(x) : '');

/** `"a":1,"b":2` for names and values. */
function fields(keys: readonly string[], values: readonly number[]): string {
  let s = '';
  for (let i = 0; i < keys.length; i++) s += (i > 0 ? ',' : '') + keys[i] + ':' + jsonNumber(values[i]);
  return s;
}

/** One curve point as `{"params":{P,Q},"state":{...},"kappa","omega"}` (the last two on Hopf curves). */
function pointJson(q: CurvePoint, paramKeys: readonly string[], stateKeys: readonly string[]): string {
  const hopf = q.kappa !== undefined ? ',"kappa":' + jsonNumber(q.kappa) + ',"omega":' + jsonNumber(q.omega) : '';
  return '{"params":{' + fields(paramKeys, q.params) + '},"state":{' + fields(stateKeys, q.state) + '}' + hopf + '}';
}

/** The curve's special points in the documented JSON shape. */
function specialJson(c: Curve) {
  const named = (names: readonly string[], x: readonly number[]) => Object.fromEntries(names.map((s, i) => [s, Number.isFinite(x[i]) ? x[i] : null]));
  return c.special.map((s) => ({
    type: s.type,
    label: s.label,
    params: named(c.params, s.point.params),
    state: named(c.stateNames, s.point.state),
    ...(s.point.kappa !== undefined ? { kappa: s.point.kappa, omega: s.point.omega ?? null } : {}),
    coefficients: s.coefficients,
    converged: s.converged,
    index: s.index,
  }));
}

const indent = (text: string, pad: string) => text.replace(/\n/g, '\n' + pad);

/** One run as a JSON object, in chunks (one point per line). */
function* curveJson(run: CurveRun): Generator<string> {
  const req = run.request;
  const result = 'result' in run ? run.result : null;
  const head = {
    type: req.type,
    from: req.start.label,
    params: req.params,
    bounds: req.bounds,
    status: result?.status ?? 'failed',
    message: 'result' in run ? run.result.message : run.error,
  };
  const text = JSON.stringify(head, null, 2);
  yield '\n    ' + indent(text.slice(0, text.lastIndexOf('}')).trimEnd(), '    ') + ',\n';
  const c = result?.curve ?? null;
  if (c === null) {
    yield '      "points": [],\n      "special": [],\n      "ends": null,\n      "startIndex": null\n    }';
    return;
  }
  const paramKeys = c.params.map((s) => JSON.stringify(s));
  const stateKeys = c.stateNames.map((s) => JSON.stringify(s));
  const lines: string[] = [];
  for (let i = 0; i < c.points.length; i++) lines.push('        ' + pointJson(c.points[i], paramKeys, stateKeys) + (i + 1 < c.points.length ? ',\n' : '\n'));
  yield '      "points": [\n' + lines.join('') + '      ],\n';
  yield `      "special": ${indent(JSON.stringify(specialJson(c), null, 2), '      ')},\n`;
  yield `      "ends": ${JSON.stringify(c.ends)},\n      "startIndex": ${c.startIndex}\n    }`;
}

/**
 * The JSON field `"curves": [ { type, from, params, bounds, status, message, points: [ { params:
 * {P, Q}, state: {...}, kappa?, omega? } ], special: [ { type, label, params, state, kappa?,
 * omega?, coefficients, converged, index } ], ends, startIndex } ]`, preceded by the comma that
 * separates it from the field before. A curve that could not be started has status 'noStart', its
 * reason in `message`, no points and `ends` null.
 */
export function* curvesJsonField(runs: readonly CurveRun[]): Generator<string> {
  yield ',\n  "curves": [';
  for (let i = 0; i < runs.length; i++) {
    yield* curveJson(runs[i]);
    if (i + 1 < runs.length) yield ',';
  }
  yield runs.length > 0 ? '\n  ]' : ']';
}

/** `HB1/eta`: the curve's start label and second parameter (unique among the curves of one command). */
export const curveId = (run: CurveRun): string => `${run.request.start.label}/${run.request.params[1]}`;

/**
 * CSV of the curves (skip the lines starting with '#', e.g. pandas' comment='#'): comment lines (the
 * model and branch parameter; per curve its plane, range, size and why each end stopped, or why it
 * could not be started), then the header
 *
 *   curve,kind,type,<P>,<Q...>,<states>,kappa,omega,converged,<coefficients...>
 *
 * (qs: the second parameters in --curves order, stateNames the model's) and one row per point, curve after curve, each curve's special points inserted in order among its
 * points. curve is the curve's id `<start label>/<Q>` (HB1/eta); kind fold or hopf; type empty for
 * a regular point, EP for the two end points, the label (BT1, CP1, GH1, ZH1, HH1, UZ1) for a special
 * point. There is one column for P and one for each --curves parameter: a row holds its own curve's
 * (P, Q) and the value every other Q is held at. kappa = omega^2 and omega on Hopf curves (omega
 * empty where kappa <= 0); converged (1 or 0) and the normal-form coefficients (one column per name
 * that occurs, e.g. a, b of BT, l2 of GH) at special points only. Every row has the same fields.
 */
export function* curvesCsv(req: ContinuationRequest, qs: readonly string[], stateNames: readonly string[], runs: readonly CurveRun[]): Generator<string> {
  const coefficients = [
    ...new Set(runs.flatMap((r) => ('result' in r && r.result.curve !== null ? r.result.curve.special.flatMap((s) => Object.keys(s.coefficients)) : []))),
  ];
  yield `# meanfield continue --curves: model ${req.model}, fold and Hopf curves from the LP and HB points of the branch in ${req.param} in [${req.bounds[0]}, ${req.bounds[1]}]\n`;
  for (const run of runs) {
    const [P, Q] = run.request.params;
    const [, [a, b]] = run.request.bounds;
    const c = 'result' in run ? run.result.curve : null;
    const what = `# ${curveId(run)}: ${run.request.type} curve in (${P}, ${Q}), ${Q} in [${a}, ${b}]`;
    if (c === null) yield `${what}: not traced: ${'result' in run ? run.result.message : run.error}\n`;
    else yield `${what}: ${c.points.length} points; ends: ${c.ends[0].reason} (${c.ends[0].message}); ${c.ends[1].reason} (${c.ends[1].message})\n`;
  }
  yield ['curve', 'kind', 'type', req.param, ...qs, ...stateNames, 'kappa', 'omega', 'converged', ...coefficients].join(',') + '\n';
  for (const run of runs) {
    const c = 'result' in run ? run.result.curve : null;
    if (c === null) continue;
    const id = curveId(run);
    const q = run.request.params[1];
    const row = (type: string, pt: CurvePoint, converged: string, coef: Record<string, number>) =>
      [
        id,
        c.type,
        type,
        cell(pt.params[0]),
        ...qs.map((name) => cell(name === q ? pt.params[1] : c.values[name])),
        ...pt.state.map(cell),
        cell(pt.kappa),
        cell(pt.omega),
        converged,
        ...coefficients.map((k) => cell(coef[k])),
      ].join(',');
    const last = c.points.length - 1;
    const lines: string[] = [];
    let next = 0;
    for (let i = 0; i <= last; i++) {
      lines.push(row(i === 0 || i === last ? 'EP' : '', c.points[i], '', {}));
      // Special point s lies between points s.index and s.index + 1.
      for (; next < c.special.length && c.special[next].index <= i; next++) {
        const s = c.special[next];
        lines.push(row(s.label, s.point, s.converged ? '1' : '0', s.coefficients));
      }
    }
    for (const s of c.special.slice(next)) lines.push(row(s.label, s.point, s.converged ? '1' : '0', s.coefficients));
    yield lines.join('\n') + '\n';
  }
}
