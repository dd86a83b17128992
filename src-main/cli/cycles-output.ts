/**
 * Output of `meanfield continue --cycles`: the cycle branches of the JSON `branches` list (after
 * the equilibrium branch) and the cycles' CSV table. Points are written directly as text (no
 * intermediate objects), numbers at full precision (String(x)), non-finite ones as null (JSON) or
 * empty (CSV).
 */
import type { ContinuationRequest } from '@shared/continuation/types';
import type { CyclePoint, CycleSpecialPoint } from '@shared/cycles/types';
import type { QueuedRun } from './job-queue';

export type CycleRun = QueuedRun<'cycle'>;

const jsonNumber = (x: number | undefined): string => (x !== undefined && Number.isFinite(x) ? String(x) : 'null');
const cell = (x: number | undefined): string => (x !== undefined && Number.isFinite(x) ? String(x) : '');

/** `{"a":1,"b":2}` for names (JSON-quoted) and values. */
function record(keys: readonly string[], values: readonly number[]): string {
  let s = '{';
  for (let i = 0; i < keys.length; i++) s += (i > 0 ? ',' : '') + keys[i] + ':' + jsonNumber(values[i]);
  return s + '}';
}

/** The fields every cycle point and special point carries, as JSON text without braces. */
function pointFields(q: CyclePoint, keys: readonly string[]): string {
  let mu = '';
  for (let i = 0; i < q.multipliers.length; i++) mu += (i > 0 ? ',[' : '[') + jsonNumber(q.multipliers[i][0]) + ',' + jsonNumber(q.multipliers[i][1]) + ']';
  return (
    `"p":${jsonNumber(q.p)},"period":${jsonNumber(q.period)},"stable":${String(q.stable)},"multipliers":[${mu}],"trivialError":${jsonNumber(q.trivialError)},` +
    `"min":${record(keys, q.min)},"max":${record(keys, q.max)},"start":${record(keys, q.start)}`
  );
}

function specialJson(s: CycleSpecialPoint, keys: readonly string[]): string {
  const info = Object.keys(s.info).length > 0 ? `,"info":${JSON.stringify(s.info)}` : ',"info":{}';
  return `{"type":${JSON.stringify(s.type)},"label":${JSON.stringify(s.label)},${pointFields(s.point, keys)}${info},"converged":${String(s.converged)},"index":${s.index}}`;
}

/**
 * One family as an entry of `branches`: `{ kind: "cycle", from, param, status, message, mesh: {
 * ntst, ncol }, points: [ { p, period, stable, multipliers: [[re, im], ...], trivialError, min: {
 * state: value }, max, start } ], special: [ { type, label, ...the point's fields, info, converged,
 * index } ], ends, startIndex: 0 }`, in chunks (one point per line), each entry preceded by its comma.
 */
function* cycleBranchJson(run: CycleRun): Generator<string> {
  const result = 'result' in run ? run.result : null;
  const head = {
    kind: 'cycle',
    from: run.request.start.label,
    param: run.request.param,
    status: result?.status ?? 'failed',
    message: result?.message ?? ('error' in run ? run.error : ''),
    stats: result?.stats ?? null,
  };
  const text = JSON.stringify(head, null, 2);
  yield ',\n    ' + text.slice(0, text.lastIndexOf('}')).trimEnd().replace(/\n/g, '\n    ') + ',\n';
  const b = result?.branch ?? null;
  if (b === null) {
    yield '      "points": [],\n      "special": [],\n      "ends": null,\n      "startIndex": null\n    }';
    return;
  }
  const keys = b.stateNames.map((s) => JSON.stringify(s));
  yield `      "mesh": {"ntst": ${b.ntst}, "ncol": ${b.ncol}},\n`;
  const lines: string[] = [];
  for (let i = 0; i < b.points.length; i++) lines.push('        {' + pointFields(b.points[i], keys) + (i + 1 < b.points.length ? '},\n' : '}\n'));
  yield '      "points": [\n' + lines.join('') + '      ],\n';
  const special = b.special.map((s, i) => '        ' + specialJson(s, keys) + (i + 1 < b.special.length ? ',\n' : '\n'));
  yield b.special.length > 0 ? '      "special": [\n' + special.join('') + '      ],\n' : '      "special": [],\n';
  yield `      "ends": ${JSON.stringify(b.ends)},\n      "startIndex": 0\n    }`;
}

/** The cycle branches as further entries of the JSON `branches` list (each preceded by its comma). */
export function* cycleBranchesJson(runs: readonly CycleRun[]): Generator<string> {
  for (const run of runs) yield* cycleBranchJson(run);
}

/** `mu1_re,mu1_im,...` for n multipliers. */
const multiplierHeader = (n: number): string[] => Array.from({ length: n }, (_, i) => [`mu${i + 1}_re`, `mu${i + 1}_im`]).flat();

/**
 * CSV of the cycle branches (skip the lines starting with '#', e.g. pandas' comment='#'): comment
 * lines (the model and parameter; per family its Hopf point, size and why it ended, or why it could
 * not be started), then the header
 *
 *   branch,type,p,period,stable,min_<state>...,max_<state>...,mu1_re,mu1_im,...,muN_re,muN_im,trivial_error,converged
 *
 * and one row per point, family after family, each family's special points inserted in order among
 * its points. branch is the Hopf point's label (HB1); type empty for a regular point, EP for the two
 * end points, the label (LPC1, PD1, NS1, BP1, UZ1) for a special point; stable 1 or 0; the
 * multipliers as in the JSON (trivial first); converged (1 or 0) at special points only. Every row
 * has the same fields.
 */
export function* cyclesCsv(req: ContinuationRequest, stateNames: readonly string[], runs: readonly CycleRun[]): Generator<string> {
  const n = stateNames.length;
  yield `# meanfield continue --cycles: model ${req.model}, limit cycles from the Hopf points of the branch in ${req.param} in [${req.bounds[0]}, ${req.bounds[1]}] (column p)\n`;
  if (runs.length === 0) yield '# the branch has no Hopf (HB) point: no cycles\n';
  for (const run of runs) {
    const b = 'result' in run ? run.result.branch : null;
    const what = `# ${run.request.start.label}: cycles born at ${req.param} = ${run.request.start.p}`;
    if (b === null) yield `${what}: not traced: ${'result' in run ? run.result.message : run.error}\n`;
    else yield `${what}: ${b.points.length} points (NTST ${b.ntst}, NCOL ${b.ncol}); end: ${b.ends[1].reason} (${b.ends[1].message})\n`;
  }
  yield (
    [
      'branch',
      'type',
      'p',
      'period',
      'stable',
      ...stateNames.map((s) => `min_${s}`),
      ...stateNames.map((s) => `max_${s}`),
      ...multiplierHeader(n),
      'trivial_error',
      'converged',
    ].join(',') + '\n'
  );
  for (const run of runs) {
    const b = 'result' in run ? run.result.branch : null;
    if (b === null) continue;
    const row = (type: string, q: CyclePoint, converged: string) => {
      const mu: string[] = [];
      for (let i = 0; i < n; i++) mu.push(cell(q.multipliers[i]?.[0]), cell(q.multipliers[i]?.[1]));
      return [
        b.from,
        type,
        cell(q.p),
        cell(q.period),
        q.stable ? '1' : '0',
        ...q.min.map(cell),
        ...q.max.map(cell),
        ...mu,
        cell(q.trivialError),
        converged,
      ].join(',');
    };
    const last = b.points.length - 1;
    const lines: string[] = [];
    let next = 0;
    for (let i = 0; i <= last; i++) {
      lines.push(row(i === 0 || i === last ? 'EP' : '', b.points[i], ''));
      // Special point s lies between points s.index and s.index + 1.
      for (; next < b.special.length && b.special[next].index <= i; next++)
        lines.push(row(b.special[next].label, b.special[next].point, b.special[next].converged ? '1' : '0'));
    }
    for (const s of b.special.slice(next)) lines.push(row(s.label, s.point, s.converged ? '1' : '0'));
    if (lines.length > 0) yield lines.join('\n') + '\n';
  }
}
