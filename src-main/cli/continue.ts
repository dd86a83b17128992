/**
 * `meanfield continue`: from options to a complete ContinuationRequest (every parameter, input and
 * initial value filled in, so the request doubles as the record of the settings used), and the
 * JSON / CSV output of the result. The trace itself runs on an engine worker (main.ts).
 */
import {
  DEFAULT_CONTINUATION,
  type Branch,
  type BranchPoint,
  type Complex,
  type ContinuationRequest,
  type ContinuationResult,
  type SpecialPoint,
} from '@shared/continuation/types';
import type { ModelDef } from '@shared/models/types';
import { UsageError, type ContinueOptions } from './args';
import { modelSettings } from './settings';

/** The full request `opts` describe for `model`; throws UsageError for names the model lacks. */
export function buildContinuationRequest(opts: ContinueOptions, model: ModelDef): ContinuationRequest {
  const paramNames = model.params.map((p) => p.name);
  const inputNames = model.inputs.map((i) => i.name);
  if (!paramNames.includes(opts.param) && !inputNames.includes(opts.param)) {
    throw new UsageError(
      `--param: unknown parameter or input '${opts.param}' for ${model.name} (parameters: ${paramNames.join(', ')}; inputs: ${inputNames.join(', ') || 'none'})`,
    );
  }
  const { params, initial, inputs } = modelSettings(opts, model, 'VALUE');
  const settings = {
    ...DEFAULT_CONTINUATION,
    ...(opts.maxPoints !== undefined ? { maxPoints: opts.maxPoints } : {}),
    ...(opts.dsMax !== undefined ? { dsMax: opts.dsMax } : {}),
  };
  const at = (opts.at ?? []).map((a) => {
    if (a.name !== opts.param) {
      throw new UsageError(`${a.text}: a user point is a value of the continuation parameter; write --at ${opts.param}=VALUE (got '${a.name}')`);
    }
    if (a.value < opts.from || a.value > opts.to) throw new UsageError(`${a.text}: must lie inside the range --from ${opts.from} --to ${opts.to}`);
    return a.value;
  });
  return {
    model: model.name,
    params,
    initial,
    inputs,
    param: opts.param,
    bounds: [opts.from, opts.to],
    settings,
    ...(at.length > 0 ? { at } : {}),
  };
}

const named = (names: readonly string[], x: readonly number[]) => Object.fromEntries(names.map((s, i) => [s, x[i]]));
const num = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : x);

/** One branch in the documented JSON shape (states by name). */
function branchJson(b: Branch) {
  return {
    special: b.special.map((s) => ({
      type: s.type,
      label: s.label,
      p: s.p,
      state: named(b.stateNames, s.x),
      eigenvalues: s.eigenvalues,
      ...(s.type === 'HB' ? { omega: num(s.omega), period: num(s.period), l1: num(s.l1), criticality: s.criticality } : {}),
      converged: s.converged,
      index: s.index,
      description: s.description,
    })),
    ends: b.ends,
    startIndex: b.startIndex,
  };
}

/**
 * The branch's points, one per line (each indented by eight spaces, with a comma after all but the
 * last), as JSON.stringify writes `{ p, state, stable, eigenvalues }`: one call for all of them
 * (a call per point or per number is what costs in a fresh process, where this code runs in V8's
 * interpreter), then a line break before each point. Only between two points does `},{"p":`
 * occur: inside a point a brace opens only after `"state":`.
 */
function pointsJson(points: readonly BranchPoint[], stateNames: readonly string[]): string {
  if (points.length === 0) return '';
  // The state object's keys in order; JSON.parse makes each an own property, even one named __proto__.
  const shape = JSON.parse(`{${stateNames.map((s) => `${JSON.stringify(s)}:0`).join(',')}}`) as Record<string, number>;
  const rows: object[] = [];
  for (let i = 0; i < points.length; i++) {
    const q = points[i];
    const state = { ...shape };
    for (let j = 0; j < stateNames.length; j++) state[stateNames[j]] = q.x[j];
    rows.push({ p: q.p, state, stable: q.stable, eigenvalues: q.eigenvalues });
  }
  const text = JSON.stringify(rows);
  return `        ${text.slice(1, -1).replaceAll('},{"p":', '},\n        {"p":')}\n`;
}

/**
 * JSON document `{ model, param, settings, status, message, stats, branches: [{ kind: "equilibrium",
 * points, special, ends, startIndex }, ...] }`, one point per line. `settings` is the full request
 * that ran. `more` writes further top-level fields after `branches`, `branches` further entries of
 * the list after the equilibrium branch (e.g. cycle branches); each chunk sequence starts with its comma.
 */
export function* continuationJson(
  req: ContinuationRequest,
  result: ContinuationResult,
  more: Iterable<string> = [],
  branches: Iterable<string> = [],
): Generator<string> {
  const head = { model: req.model, param: req.param, settings: req, status: result.status, message: result.message, stats: result.stats };
  const text = JSON.stringify(head, null, 2);
  yield text.slice(0, text.lastIndexOf('}')).trimEnd() + ',\n  "branches": [';
  if (result.branch !== null) {
    const b = branchJson(result.branch);
    yield '\n    {\n      "kind": "equilibrium",\n      "points": [\n';
    yield pointsJson(result.branch.points, result.branch.stateNames);
    yield '      ],\n';
    yield `      "special": ${JSON.stringify(b.special, null, 2).replace(/\n/g, '\n      ')},\n`;
    yield `      "ends": ${JSON.stringify(b.ends)},\n      "startIndex": ${b.startIndex}\n    }`;
    yield* branches;
    yield '\n  ';
  }
  yield ']';
  yield* more;
  yield '\n}\n';
}

/** A CSV cell: numbers at full precision, missing or non-finite values empty. */
const cell = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '' : String(x));

/** `ev1_re,ev1_im,...` for n eigenvalues. */
const eigenHeader = (n: number): string[] => Array.from({ length: n }, (_, i) => [`ev${i + 1}_re`, `ev${i + 1}_im`]).flat();

function eigenCells(eigs: readonly Complex[], n: number): string[] {
  const cells: string[] = [];
  for (let i = 0; i < n; i++) cells.push(cell(eigs[i]?.[0]), cell(eigs[i]?.[1]));
  return cells;
}

function pointRow(type: string, q: BranchPoint, n: number): string {
  return [type, cell(q.p), ...q.x.map(cell), q.stable ? '1' : '0', ...eigenCells(q.eigenvalues, n), '', '', '', '', ''].join(',');
}

function specialRow(s: SpecialPoint, n: number): string {
  return [
    s.label,
    cell(s.p),
    ...s.x.map(cell),
    '',
    ...eigenCells(s.eigenvalues, n),
    cell(s.omega),
    cell(s.period),
    cell(s.l1),
    s.criticality ?? '',
    s.converged ? '1' : '0',
  ].join(',');
}

/**
 * CSV that any CSV reader takes (skip the lines starting with '#', e.g. pandas' comment='#'):
 * '#' comment lines (the model and parameter, why each end stopped), then the header
 *
 *   type,p,<states>,stable,ev1_re,ev1_im,...,evN_re,evN_im,omega,period,l1,criticality,converged
 *
 * and one row per point along the branch, the special points inserted in order among them. type is
 * empty for a regular point, EP for the two end points, the label (HB1, LP1, BP1, ...) for a special
 * point; stable is 1 or 0 (empty at special points, where an eigenvalue crosses the axis); omega,
 * period, l1, criticality (Hopf points) and converged (special points, 1 or 0) are empty elsewhere.
 * Every row has the same number of fields; numbers are at full precision.
 */
export function* continuationCsv(req: ContinuationRequest, result: ContinuationResult): Generator<string> {
  const b = result.branch;
  yield `# meanfield continue: model ${req.model}, parameter ${req.param} in [${req.bounds[0]}, ${req.bounds[1]}] (column p)\n`;
  if (b === null) return;
  const n = b.stateNames.length;
  yield `# ends: ${b.ends[0].reason} (${b.ends[0].message}); ${b.ends[1].reason} (${b.ends[1].message})\n`;
  yield ['type', 'p', ...b.stateNames, 'stable', ...eigenHeader(n), 'omega', 'period', 'l1', 'criticality', 'converged'].join(',') + '\n';
  const last = b.points.length - 1;
  const lines: string[] = [];
  let next = 0;
  for (let i = 0; i <= last; i++) {
    lines.push(pointRow(i === 0 || i === last ? 'EP' : '', b.points[i], n));
    // Special point s lies between points s.index and s.index + 1.
    for (; next < b.special.length && b.special[next].index <= i; next++) lines.push(specialRow(b.special[next], n));
  }
  for (; next < b.special.length; next++) lines.push(specialRow(b.special[next], n));
  yield lines.join('\n') + '\n';
}
