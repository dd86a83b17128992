/**
 * The one map from request fields to command-line options, so every message names the option the
 * user typed: `solver.dt` -> `--dt`, `params.g` -> `--set g`, `bounds` -> `--from/--to`,
 * `inputs.I_ext.windows[0].start` -> `--window I_ext:400:600=0 (START)` (the window as written).
 * Field paths inside a message's text (`increase solver.sample`) and the solver's own names for its
 * settings (`must be <= tEnd`) are rewritten the same way.
 */
import type { FieldIssue } from '@shared/simulation/types';
import type { WindowOption } from './args';

/** What the command line said, where a field's option depends on it. */
export interface OptionContext {
  /** The --window options as given (simulate). */
  windows?: readonly WindowOption[];
  /** Whether --sample was given (simulate; without it the sampling interval is --dt). */
  sampleGiven?: boolean;
}

const SOLVER: Record<string, string> = {
  method: '--method',
  dt: '--dt',
  tEnd: '--t-end',
  sample: '--sample',
  rtol: '--rtol',
  atol: '--atol',
};

const NETWORK: Record<string, string> = {
  neurons: '--neurons',
  recovery: '--recovery',
  seed: '--seed',
  vPeak: '--v-peak',
  vReset: '--v-reset',
  rasterNeurons: '--raster',
};

const SETTINGS: Record<string, string> = {
  maxPoints: '--max-points',
  dsMax: '--ds-max',
};

/** The command-line option behind a request field; the field itself when no option sets it. */
export function optionOfField(field: string, ctx: OptionContext = {}): string {
  const [head, name = '', ...rest] = field.split('.');
  switch (head) {
    case 'model':
      return '--model';
    case 'param':
      return '--param';
    case 'bounds':
      return '--from/--to';
    case 'solver':
      if (name === 'sample' && ctx.sampleGiven === false) return '--dt';
      return SOLVER[name] ?? field;
    case 'settings':
      return SETTINGS[name] ?? field;
    case 'network':
      return NETWORK[name] ?? field;
    case 'params':
      return name !== '' ? `--set ${name}` : '--set';
    case 'initial':
      return name !== '' ? `--init ${name}` : '--init';
    case 'inputs': {
      if (name === '') return '--input';
      const w = /^windows\[(\d+)\]$/.exec(rest[0] ?? '');
      if (w === null) return `--input ${name}`;
      const mine = ctx.windows?.filter((o) => o.input === name)[Number(w[1])];
      const part = rest[1] !== undefined ? ` (${rest[1].toUpperCase()})` : '';
      return (mine?.text ?? `--window ${name}`) + part;
    }
    default:
      return /^at\[\d+\]$/.test(head) ? '--at' : field;
  }
}

/** `message` with request field paths and the solver's setting names replaced by options. */
export function optionWords(message: string, ctx: OptionContext = {}): string {
  return message
    .replace(/\b(solver|settings)\.(\w+)/g, (whole) => optionOfField(whole, ctx))
    .replace(/\btEnd\b/g, '--t-end')
    .replace(/(^|[\s(])dt\b/g, '$1--dt')
    .replace(/\b(rtol|atol) = /g, '--$1 ')
    .replace(/\bthe maximum number of points\b/g, '--max-points');
}

/** One line for an issue: `--dt: must be <= --t-end (10) (got 20) (--sample defaults to --dt)`. */
export function issueLine(issue: FieldIssue, ctx: OptionContext = {}): string {
  const option = optionOfField(issue.field, ctx);
  const note = issue.field === 'solver.sample' && ctx.sampleGiven === false ? ' (the sampling interval --sample defaults to --dt)' : '';
  return `${option}: ${optionWords(issue.message, ctx)}${note}`;
}
