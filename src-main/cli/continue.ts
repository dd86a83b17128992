/**
 * `meanfield continue`: from options to a complete ContinuationRequest (every parameter, input and
 * initial value filled in, so the request doubles as the record of the settings used), and the
 * JSON / CSV output of the result. The trace itself runs in-process (it takes milliseconds).
 */
import { DEFAULT_CONTINUATION, type Branch, type ContinuationRequest, type ContinuationResult } from '@shared/continuation/types';
import type { ModelDef } from '@shared/models/types';
import { UsageError, type Assignment, type ContinueOptions } from './args';

function assign(target: Record<string, number>, items: Assignment[], known: string[], what: string, model: ModelDef, hint: (name: string) => string): void {
  const seen = new Set<string>();
  for (const a of items) {
    if (!known.includes(a.name)) {
      const plural = what === 'state variable' ? 'state variables' : `${what}s`;
      throw new UsageError(`${a.text}: unknown ${what} '${a.name}' for ${model.name} (${plural}: ${known.join(', ') || 'none'})${hint(a.name)}`);
    }
    if (seen.has(a.name)) throw new UsageError(`${a.text}: '${a.name}' is set more than once`);
    seen.add(a.name);
    target[a.name] = a.value;
  }
}

/** The full request `opts` describe for `model`; throws UsageError for names the model lacks. */
export function buildContinuationRequest(opts: ContinueOptions, model: ModelDef): ContinuationRequest {
  const paramNames = model.params.map((p) => p.name);
  const stateNames = model.states.map((s) => s.name);
  const inputNames = model.inputs.map((i) => i.name);
  const elsewhere = (name: string): string => {
    if (inputNames.includes(name)) return `; ${name} is an input: use --input ${name}=VALUE`;
    if (stateNames.includes(name)) return `; ${name} is a state variable: use --init ${name}=VALUE`;
    if (paramNames.includes(name)) return `; ${name} is a parameter: use --set ${name}=VALUE`;
    return '';
  };
  if (!paramNames.includes(opts.param) && !inputNames.includes(opts.param)) {
    throw new UsageError(`--param: unknown parameter or input '${opts.param}' for ${model.name} (parameters: ${paramNames.join(', ')}; inputs: ${inputNames.join(', ') || 'none'})`);
  }
  const params: Record<string, number> = Object.fromEntries(model.params.map((p) => [p.name, p.default]));
  assign(params, opts.set, paramNames, 'parameter', model, elsewhere);
  const initial: Record<string, number> = Object.fromEntries(model.states.map((s) => [s.name, s.initial]));
  assign(initial, opts.init, stateNames, 'state variable', model, elsewhere);
  const inputs: Record<string, number> = Object.fromEntries(model.inputs.map((i) => [i.name, i.default]));
  assign(inputs, opts.inputs, inputNames, 'input', model, elsewhere);
  const settings = { ...DEFAULT_CONTINUATION, ...(opts.maxPoints !== undefined ? { maxPoints: opts.maxPoints } : {}) };
  return { model: model.name, params, initial, inputs, param: opts.param, bounds: [opts.from, opts.to], settings };
}

/** The command-line option behind a request field, for messages (`bounds` -> `--from/--to`, ...). */
export function continueOptionOfField(field: string): string {
  const [head, name = ''] = field.split('.');
  switch (head) {
    case 'model': return '--model';
    case 'param': return '--param';
    case 'bounds': return '--from/--to';
    case 'params': return name !== '' ? `--set ${name}` : '--set';
    case 'initial': return name !== '' ? `--init ${name}` : '--init';
    case 'inputs': return name !== '' ? `--input ${name}` : '--input';
    case 'settings': return name === 'maxPoints' ? '--max-points' : field;
    default: return field;
  }
}

const named = (names: readonly string[], x: readonly number[]) => Object.fromEntries(names.map((s, i) => [s, x[i]]));
const num = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : x);

/** One branch in the documented JSON shape (states by name). */
function branchJson(b: Branch) {
  return {
    points: b.points.map((q) => ({ p: q.p, state: named(b.stateNames, q.x), stable: q.stable, eigenvalues: q.eigenvalues })),
    special: b.special.map((s) => ({
      type: s.type, label: s.label, p: s.p, state: named(b.stateNames, s.x), eigenvalues: s.eigenvalues,
      ...(s.type === 'HB' ? { omega: num(s.omega), period: num(s.period), l1: num(s.l1), criticality: s.criticality } : {}),
      converged: s.converged, index: s.index, description: s.description,
    })),
    ends: b.ends,
    startIndex: b.startIndex,
  };
}

/**
 * JSON document `{ model, param, settings, status, message, stats, branches: [{ points, special,
 * ends, startIndex }] }`, one point per line. `settings` is the full request that ran.
 */
export function* continuationJson(req: ContinuationRequest, result: ContinuationResult): Generator<string> {
  const head = { model: req.model, param: req.param, settings: req, status: result.status, message: result.message, stats: result.stats };
  const text = JSON.stringify(head, null, 2);
  yield text.slice(0, text.lastIndexOf('}')).trimEnd() + ',\n  "branches": [';
  if (result.branch !== null) {
    const b = branchJson(result.branch);
    yield '\n    {\n      "points": [\n';
    for (let i = 0; i < b.points.length; i++) yield `        ${JSON.stringify(b.points[i])}${i + 1 < b.points.length ? ',' : ''}\n`;
    yield '      ],\n';
    yield `      "special": ${JSON.stringify(b.special, null, 2).replace(/\n/g, '\n      ')},\n`;
    yield `      "ends": ${JSON.stringify(b.ends)},\n      "startIndex": ${b.startIndex}\n    }\n  `;
  }
  yield ']\n}\n';
}

/**
 * CSV: comment lines (`# ...`: the model and parameter, the special points as
 * `type,label,p,<states>,omega,period,l1,criticality,converged`, and why each end stopped), then
 * the header `p,<states>,stable` and one row per point along the branch (stable: 1 or 0).
 */
export function* continuationCsv(req: ContinuationRequest, result: ContinuationResult): Generator<string> {
  const b = result.branch;
  yield `# meanfield continue: model ${req.model}, parameter ${req.param} in [${req.bounds[0]}, ${req.bounds[1]}] (column p)\n`;
  if (b === null) return;
  const cell = (x: number | undefined) => (x === undefined ? '' : String(x));
  yield `# special points: type,label,p,${b.stateNames.join(',')},omega,period,l1,criticality,converged\n`;
  for (const s of b.special) {
    yield `# ${[s.type, s.label, s.p, ...s.x, cell(s.omega), cell(s.period), cell(s.l1), s.criticality ?? '', s.converged ? 1 : 0].join(',')}\n`;
  }
  yield `# ends: ${b.ends[0].reason} (${b.ends[0].message}); ${b.ends[1].reason} (${b.ends[1].message})\n`;
  yield `p,${b.stateNames.join(',')},stable\n`;
  const lines: string[] = [];
  for (const q of b.points) lines.push(`${q.p},${q.x.join(',')},${q.stable ? 1 : 0}`);
  yield lines.join('\n') + '\n';
}
