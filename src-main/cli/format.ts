/**
 * Output formats of the CLI. Numbers are written at full precision as JavaScript's shortest
 * round-trip representation (String(x)), so reading a file back gives the same doubles.
 * Large results are produced in chunks so that no single string grows with the run's length.
 */
import type { ModelDef } from '@shared/models/types';
import type { SimulationRequest, SimulationResult } from '@shared/simulation/types';

/** Rows per chunk of CSV output. */
const ROWS_PER_CHUNK = 4096;

/** CSV with the header `t,<state variables in model order>`, one row per sample, '\n' line ends. */
export function* csvChunks(result: Pick<SimulationResult, 't' | 'names' | 'columns'>): Generator<string> {
  yield ['t', ...result.names].join(',') + '\n';
  const cols = [result.t, ...result.columns];
  const n = result.t.length;
  const lines: string[] = [];
  for (let start = 0; start < n; start += ROWS_PER_CHUNK) {
    const end = Math.min(n, start + ROWS_PER_CHUNK);
    lines.length = 0;
    for (let i = start; i < end; i++) {
      let line = String(cols[0][i]);
      for (let c = 1; c < cols.length; c++) line += ',' + String(cols[c][i]);
      lines.push(line);
    }
    yield lines.join('\n') + '\n';
  }
}

/** A JSON number; non-finite values (possible at a blow-up) become null. */
function jsonNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

export function* jsonArray(a: ArrayLike<number>): Generator<string> {
  yield '[';
  for (let start = 0; start < a.length; start += ROWS_PER_CHUNK) {
    const end = Math.min(a.length, start + ROWS_PER_CHUNK);
    const parts: string[] = [];
    for (let i = start; i < end; i++) parts.push(jsonNumber(a[i]));
    yield (start > 0 ? ',' : '') + parts.join(',');
  }
  yield ']';
}

/** What a JSON document of a run holds: a simulation's or a network's result. */
type RunResult = Pick<SimulationResult, 'status' | 'message' | 't' | 'names' | 'columns' | 'blowup'> & { stats: object };

/**
 * The JSON document of a run up to the last column: `{ model, settings, status, message, stats, blowup?,
 * "columns": { t, <state>...`; the caller closes `columns` (and may add fields after it).
 */
export function* jsonRunColumns(request: { model: string }, result: RunResult): Generator<string> {
  const head = {
    model: request.model,
    settings: request,
    status: result.status,
    message: result.message,
    stats: result.stats,
    ...(result.blowup !== undefined ? { blowup: result.blowup } : {}),
  };
  const text = JSON.stringify(head, null, 2);
  yield text.slice(0, text.lastIndexOf('}')).trimEnd() + ',\n  "columns": {\n';
  const cols: [string, Float64Array][] = [['t', result.t], ...result.names.map((n, i): [string, Float64Array] => [n, result.columns[i]])];
  for (let c = 0; c < cols.length; c++) {
    yield `    ${JSON.stringify(cols[c][0])}: `;
    yield* jsonArray(cols[c][1]);
    yield c + 1 < cols.length ? ',\n' : '\n';
  }
}

/**
 * JSON document `{ model, settings, status, message, stats, blowup?, columns: { t, <state>... } }`;
 * `settings` is the full request that ran (every parameter, initial value, input and solver setting).
 */
export function* jsonChunks(request: SimulationRequest, result: SimulationResult): Generator<string> {
  yield* jsonRunColumns(request, result);
  yield '  }\n}\n';
}

/** Left-aligned text table; `rows[0]` is the header. */
function table(rows: string[][], indent: string): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map(
      (r) =>
        indent +
        r
          .map((cell, c) => (c + 1 < r.length ? cell.padEnd(widths[c]) : cell))
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}

/** `text` broken into lines of at most `width` characters (at spaces), each prefixed by `indent`. */
function wrap(text: string, indent: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}

/** The `meanfield models` listing: each template with its states, parameters and inputs. */
export function formatModels(models: readonly ModelDef[]): string {
  const unit = (u: string): string => (u === '' ? '-' : u);
  const blocks = models.map((m) => {
    const lines = [`${m.name} (version ${m.version}): ${m.title}`, wrap(m.description, '  '), ''];
    lines.push('  state variables:');
    lines.push(table([['NAME', 'INITIAL', 'UNIT', 'DESCRIPTION'], ...m.states.map((s) => [s.name, String(s.initial), unit(s.unit), s.description])], '    '));
    lines.push('', '  parameters (--set NAME=VALUE):');
    lines.push(table([['NAME', 'DEFAULT', 'UNIT', 'DESCRIPTION'], ...m.params.map((p) => [p.name, String(p.default), unit(p.unit), p.description])], '    '));
    if (m.inputs.length > 0) {
      lines.push('', '  inputs (--input NAME=BASELINE, --window NAME:START:STOP=VALUE):');
      lines.push(table([['NAME', 'DEFAULT', 'UNIT', 'DESCRIPTION'], ...m.inputs.map((i) => [i.name, String(i.default), unit(i.unit), i.description])], '    '));
    }
    lines.push('', '  equations:', ...m.equations.map((e) => `    ${e.state}' = ${e.rhs}`));
    if (m.definitions.length > 0) lines.push(...m.definitions.map((d) => `    where ${d.name} = ${d.expr}`));
    return lines.join('\n');
  });
  return blocks.join('\n\n') + '\n';
}
