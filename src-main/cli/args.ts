/**
 * Command-line parsing for `meanfield`. Every mistake is a UsageError whose message is one line
 * naming the option and the value at fault (the caller prefixes `meanfield: ` and exits with 2).
 * Options take their value as the next word or after `=` (`--dt 5e-4`, `--dt=5e-4`); a switch
 * (`--cycles`) takes none.
 */
import type { Method } from '@shared/simulation/types';
import { METHODS } from '@shared/simulation/types';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import { parseNetwork, type NetworkOptions } from './network-args';
import { CYCLE_MESH_LIMITS } from '@shared/cycles/types';

/** A bad command line; the message is one line naming the option. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type OutputFormat = 'csv' | 'json';

export interface Assignment {
  name: string;
  value: number;
  /** The option as written, for messages (e.g. `--set g=1.5`). */
  text: string;
}

export interface WindowOption {
  input: string;
  start: number;
  stop: number;
  value: number;
  text: string;
}

/** The options of the model and its settings that simulate, continue and network take (MODEL_OPTIONS). */
export interface ModelSettingOptions {
  /** The model's name (optional with a .json --model-file, which holds one model). */
  model?: string;
  /** --model-file: a .json model file or a PyRates .yaml/.yml file (./model-file.ts). */
  modelFile?: string;
  /** A named scenario of the model (its parameters and input baselines), applied before --set, --input and --window. */
  scenario?: string;
  set: Assignment[];
  init: Assignment[];
  inputs: Assignment[];
  format: OutputFormat;
  out?: string;
}

/** `meanfield simulate` options, parsed but not yet checked against the model. */
export interface SimulateOptions extends ModelSettingOptions {
  windows: WindowOption[];
  tEnd: number;
  dt: number;
  sample?: number;
  method?: Method;
  rtol?: number;
  atol?: number;
}

/** `meanfield continue` options, parsed but not yet checked against the model. */
export interface ContinueOptions extends ModelSettingOptions {
  param: string;
  from: number;
  to: number;
  maxPoints?: number;
  /** Largest arclength step (settings.dsMax). */
  dsMax?: number;
  /** User points `--at P=V`: values of the continuation parameter to locate exactly (type UZ). */
  at?: Assignment[];
  /** `--curves Q:A:B`: fold and Hopf curves from the branch's LP and HB points in (param, Q), Q in [A, B]. */
  curves?: CurvesOption[];
  /** `--cycles`: continue the limit cycles born at every Hopf point of the branch. */
  cycles?: boolean;
  /** Advanced (with --cycles): mesh intervals (NTST) and collocation points per interval (NCOL). */
  ntst?: number;
  ncol?: number;
}

/** One `--curves Q:A:B`. */
export interface CurvesOption {
  param: string;
  from: number;
  to: number;
  /** The option as written, for messages (e.g. `--curves eta:-1:1`). */
  text: string;
}

/** `meanfield export` options. */
export interface ExportOptions {
  model?: string;
  modelFile?: string;
  format: ExportFormat;
  /** Absent (or `--out -`): standard output. */
  out?: string;
}

export type ExportFormat = 'pyrates' | 'json';

export type HelpTopic = 'simulate' | 'models' | 'continue' | 'run' | 'validate' | 'export' | 'network';
const HELP_TOPICS: readonly HelpTopic[] = ['simulate', 'models', 'continue', 'run', 'validate', 'export', 'network'];

export type Command =
  | { kind: 'help'; topic?: HelpTopic }
  | { kind: 'models' }
  | { kind: 'simulate'; options: SimulateOptions }
  | { kind: 'continue'; options: ContinueOptions }
  | { kind: 'network'; options: NetworkOptions }
  | { kind: 'export'; options: ExportOptions }
  | { kind: 'run'; file: string; out?: string }
  | { kind: 'validate'; file: string };

/** Decimal numbers only (no hex, no Infinity, no empty string): what a scientist types. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a decimal number; null when `text` is not one. */
export function parseNumber(text: string): number | null {
  if (!NUMBER.test(text)) return null;
  const x = Number(text);
  return Number.isFinite(x) ? x : null;
}

export function positive(option: string, text: string): number {
  const x = parseNumber(text);
  if (x === null || x <= 0) throw new UsageError(`${option}: must be a positive number, got '${text}'`);
  return x;
}

/** `NAME=VALUE` of --set, --init and --input. */
function assignment(option: string, text: string, what: string): Assignment {
  const eq = text.indexOf('=');
  const full = `${option} ${text}`;
  if (eq <= 0) throw new UsageError(`${full}: expected NAME=${what}`);
  const name = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  const value = parseNumber(raw);
  if (value === null) throw new UsageError(`${full}: ${what} must be a number, got '${raw}'`);
  return { name, value, text: full };
}

/** `NAME:START:STOP=VALUE` of --window. */
function windowOption(text: string): WindowOption {
  const full = `--window ${text}`;
  const m = /^([^:=]+):([^:=]+):([^:=]+)=(.*)$/.exec(text);
  if (m === null) throw new UsageError(`${full}: expected NAME:START:STOP=VALUE (e.g. I_ext:400:600=0)`);
  const [, input, startText, stopText, valueText] = m;
  const num = (part: string, raw: string): number => {
    const x = parseNumber(raw.trim());
    if (x === null) throw new UsageError(`${full}: ${part} must be a number, got '${raw}'`);
    return x;
  };
  const start = num('START', startText);
  const stop = num('STOP', stopText);
  const value = num('VALUE', valueText);
  if (!(start < stop)) throw new UsageError(`${full}: START must be less than STOP`);
  return { input: input.trim(), start, stop, value, text: full };
}

/** The options of the model and its settings that simulate, continue and network take (./network-args.ts). */
export const MODEL_OPTIONS = ['--model', '--scenario', '--set', '--init', '--input', '--format', '--out'] as const;
/** The time-grid options that simulate and network take. */
export const GRID_OPTIONS = ['--window', '--t-end', '--dt', '--sample'] as const;
const SIMULATE_OPTIONS = [...MODEL_OPTIONS, '--model-file', ...GRID_OPTIONS, '--method', '--rtol', '--atol'] as const;
const CONTINUE_OPTIONS = [
  ...MODEL_OPTIONS,
  '--model-file',
  '--param',
  '--from',
  '--to',
  '--max-points',
  '--ds-max',
  '--at',
  '--curves',
  '--cycles',
  '--ntst',
  '--ncol',
] as const;
/** Options that take no value (a switch). */
const FLAGS = new Set<string>(['--cycles']);
const EXPORT_OPTIONS = ['--model', '--model-file', '--format', '--out'] as const;
const REPEATABLE = new Set<string>(['--set', '--init', '--input', '--window', '--at', '--curves']);

function isHelp(word: string): boolean {
  return word === '--help' || word === '-h';
}

/** Splits `argv` into (option, value) pairs of the `allowed` options; `--help` anywhere asks for help. */
function optionPairs<O extends string>(argv: string[], command: string, allowed: readonly O[]): [O, string][] | 'help' {
  const pairs: [O, string][] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (isHelp(word)) return 'help';
    if (!word.startsWith('--')) throw new UsageError(`unexpected argument '${word}' (options start with --; see 'meanfield help ${command}')`);
    const eq = word.indexOf('=');
    const name = eq >= 0 ? word.slice(0, eq) : word;
    if (!(allowed as readonly string[]).includes(name)) {
      throw new UsageError(`unknown option '${name}' for ${command} (see 'meanfield help ${command}')`);
    }
    let value: string;
    if (FLAGS.has(name)) {
      if (eq >= 0) throw new UsageError(`${name}: takes no value (write ${name} alone)`);
      value = '';
    } else if (eq >= 0) value = word.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    else throw new UsageError(`${name}: missing value`);
    pairs.push([name as O, value]);
  }
  return pairs;
}

/** The options given once at most (repeatable ones aside), as a set; a repeat is a usage error. */
function onceEach<O extends string>(pairs: [O, string][]): Set<O> {
  const seen = new Set<O>();
  for (const [name] of pairs) {
    if (REPEATABLE.has(name)) continue;
    if (seen.has(name)) throw new UsageError(`${name}: given more than once`);
    seen.add(name);
  }
  return seen;
}

function modelName(value: string): string {
  if (value.trim() === '') throw new UsageError(`--model: must name a model (see 'meanfield models')`);
  return value.trim();
}

function modelFile(value: string): string {
  if (value.trim() === '') throw new UsageError(`--model-file: must name a .json or PyRates .yaml file`);
  return value;
}

/** --model is required unless --model-file names the model's file. */
export function requireModel(seen: Set<string>, command: string): void {
  if (!seen.has('--model') && !seen.has('--model-file')) {
    throw new UsageError(`--model: required (or --model-file FILE; see 'meanfield help ${command}')`);
  }
}

function scenarioName(value: string): string {
  if (value.trim() === '') throw new UsageError(`--scenario: must name a scenario (see 'meanfield models')`);
  return value.trim();
}

function formatOption(value: string): 'csv' | 'json' {
  if (value !== 'csv' && value !== 'json') throw new UsageError(`--format: must be csv or json, got '${value}'`);
  return value;
}

function outFile(value: string): string {
  if (value === '') throw new UsageError('--out: must name a file');
  return value;
}

type Shared = Partial<ModelSettingOptions> & Pick<ModelSettingOptions, 'set' | 'init' | 'inputs'>;

/** The options simulate, continue and network share (--input's value is BASELINE or VALUE); false for others. */
export function sharedOption(o: Shared, name: string, value: string, inputValue: 'BASELINE' | 'VALUE'): boolean {
  switch (name) {
    case '--model':
      o.model = modelName(value);
      return true;
    case '--model-file':
      o.modelFile = modelFile(value);
      return true;
    case '--scenario':
      o.scenario = scenarioName(value);
      return true;
    case '--set':
      o.set.push(assignment(name, value, 'VALUE'));
      return true;
    case '--init':
      o.init.push(assignment(name, value, 'VALUE'));
      return true;
    case '--input':
      o.inputs.push(assignment(name, value, inputValue));
      return true;
    case '--format':
      o.format = formatOption(value);
      return true;
    case '--out':
      o.out = outFile(value);
      return true;
    default:
      return false;
  }
}

type Grid = { windows: WindowOption[]; tEnd?: number; dt?: number; sample?: number };

/** The time-grid options simulate and network share (--window, --t-end, --dt, --sample); false for others. */
export function gridOption(o: Grid, name: string, value: string): boolean {
  switch (name) {
    case '--window':
      o.windows.push(windowOption(value));
      return true;
    case '--t-end':
      o.tEnd = positive(name, value);
      return true;
    case '--dt':
      o.dt = positive(name, value);
      return true;
    case '--sample':
      o.sample = positive(name, value);
      return true;
    default:
      return false;
  }
}

/** The (option, value) pairs of `command` and the options seen; null when help was asked for. */
export function commandOptions<O extends string>(argv: string[], command: string, allowed: readonly O[]): { pairs: [O, string][]; seen: Set<O> } | null {
  const pairs = optionPairs(argv, command, allowed);
  return pairs === 'help' ? null : { pairs, seen: onceEach(pairs) };
}

function parseSimulate(argv: string[]): Command {
  const parsed = commandOptions(argv, 'simulate', SIMULATE_OPTIONS);
  if (parsed === null) return { kind: 'help', topic: 'simulate' };
  const { pairs, seen } = parsed;
  const o: Partial<SimulateOptions> & Pick<SimulateOptions, 'set' | 'init' | 'inputs' | 'windows'> = {
    set: [],
    init: [],
    inputs: [],
    windows: [],
  };
  for (const [name, value] of pairs) {
    if (sharedOption(o, name, value, 'BASELINE') || gridOption(o, name, value)) continue;
    switch (name) {
      case '--rtol':
        o.rtol = positive(name, value);
        break;
      case '--atol':
        o.atol = positive(name, value);
        break;
      case '--method':
        if (!(METHODS as readonly string[]).includes(value)) {
          throw new UsageError(`--method: must be ${METHODS.slice(0, -1).join(', ')} or ${METHODS[METHODS.length - 1]}, got '${value}'`);
        }
        o.method = value as Method;
        break;
    }
  }
  // A scenario brings its own T; dt then defaults to the app's 5e-4.
  requireModel(seen, 'simulate');
  const required = seen.has('--scenario') ? ([] as const) : (['--t-end', '--dt'] as const);
  for (const option of required) {
    if (!seen.has(option)) throw new UsageError(`${option}: required (see 'meanfield help simulate')`);
  }
  return { kind: 'simulate', options: { format: 'csv', ...o } as SimulateOptions };
}

/** A number of any sign (a UsageError naming `option` when `text` is not one). */
export function number(option: string, text: string): number {
  const x = parseNumber(text);
  if (x === null) throw new UsageError(`${option}: must be a number, got '${text}'`);
  return x;
}

/** `Q:A:B` of --curves (Q a name, A < B numbers). */
function curvesOption(text: string): CurvesOption {
  const full = `--curves ${text}`;
  const parts = text.split(':').map((part) => part.trim());
  if (parts.length !== 3 || parts[0] === '') throw new UsageError(`${full}: expected Q:A:B, the second parameter and its range (e.g. eta:-1:1)`);
  const [param, fromText, toText] = parts;
  const from = parseNumber(fromText);
  const to = parseNumber(toText);
  if (from === null) throw new UsageError(`${full}: A must be a number, got '${fromText}'`);
  if (to === null) throw new UsageError(`${full}: B must be a number, got '${toText}'`);
  if (!(from < to)) throw new UsageError(`${full}: A must be less than B (the range of ${param} goes from A to B)`);
  return { param, from, to, text: full };
}

/** --ntst N or --ncol N: a whole number in the engine's limits. */
function meshOption(option: '--ntst' | '--ncol', text: string): number {
  const [min, max] = CYCLE_MESH_LIMITS[option === '--ntst' ? 'ntst' : 'ncol'];
  const x = parseNumber(text);
  const what = option === '--ntst' ? 'mesh intervals over one period' : 'collocation points per mesh interval';
  if (x === null || !Number.isInteger(x) || x < min || x > max)
    throw new UsageError(`${option}: the ${what}, a whole number from ${min} to ${max}; got '${text}'`);
  return x;
}

function parseContinue(argv: string[]): Command {
  const parsed = commandOptions(argv, 'continue', CONTINUE_OPTIONS);
  if (parsed === null) return { kind: 'help', topic: 'continue' };
  const { pairs, seen } = parsed;
  const o: Partial<ContinueOptions> & Pick<ContinueOptions, 'set' | 'init' | 'inputs'> = { set: [], init: [], inputs: [] };
  for (const [name, value] of pairs) {
    if (sharedOption(o, name, value, 'VALUE')) continue;
    switch (name) {
      case '--param':
        if (value.trim() === '') throw new UsageError('--param: must name a parameter or input of the model');
        o.param = value.trim();
        break;
      case '--from':
        o.from = number(name, value);
        break;
      case '--to':
        o.to = number(name, value);
        break;
      case '--max-points': {
        const x = parseNumber(value);
        if (x === null || !Number.isInteger(x) || x < 1) throw new UsageError(`--max-points: must be a whole number >= 1, got '${value}'`);
        o.maxPoints = x;
        break;
      }
      case '--ds-max': {
        const x = positive(name, value);
        if (x < DEFAULT_CONTINUATION.dsMin) {
          throw new UsageError(`--ds-max: must be at least ${DEFAULT_CONTINUATION.dsMin} (the smallest step of the trace), got '${value}'`);
        }
        o.dsMax = x;
        break;
      }
      case '--at':
        (o.at ??= []).push(assignment(name, value, 'VALUE'));
        break;
      case '--curves':
        (o.curves ??= []).push(curvesOption(value));
        break;
      case '--cycles':
        o.cycles = true;
        break;
      case '--ntst':
      case '--ncol':
        o[name === '--ntst' ? 'ntst' : 'ncol'] = meshOption(name, value);
        break;
    }
  }
  requireModel(seen, 'continue');
  for (const required of ['--param', '--from', '--to'] as const) {
    if (!seen.has(required)) throw new UsageError(`${required}: required (see 'meanfield help continue')`);
  }
  if (!((o.from as number) < (o.to as number))) throw new UsageError(`--to: must be greater than --from (${o.from}), got ${o.to}`);
  for (const [i, c] of (o.curves ?? []).entries()) {
    if (c.param === o.param) throw new UsageError(`${c.text}: Q must differ from --param ${o.param} (a curve lies in the plane of two parameters)`);
    if (o.curves!.slice(0, i).some((d) => d.param === c.param)) throw new UsageError(`${c.text}: ${c.param} is given to --curves more than once`);
  }
  for (const mesh of ['--ntst', '--ncol'] as const) {
    if (seen.has(mesh) && o.cycles !== true) throw new UsageError(`${mesh}: sets the mesh of the limit cycles; use it with --cycles`);
  }
  if (o.cycles === true && o.curves !== undefined && o.format === 'csv') {
    throw new UsageError(`--format csv: writes one table, of the curves (--curves) or of the cycles (--cycles); give one of them, or use --format json`);
  }
  return { kind: 'continue', options: { format: 'json', ...o } as ContinueOptions };
}

function parseExport(argv: string[]): Command {
  const parsed = commandOptions(argv, 'export', EXPORT_OPTIONS);
  if (parsed === null) return { kind: 'help', topic: 'export' };
  const o: ExportOptions = { format: 'pyrates' };
  for (const [name, value] of parsed.pairs) {
    switch (name) {
      case '--model':
        o.model = modelName(value);
        break;
      case '--model-file':
        o.modelFile = modelFile(value);
        break;
      case '--format':
        if (value !== 'pyrates' && value !== 'json') throw new UsageError(`--format: must be pyrates or json, got '${value}'`);
        o.format = value;
        break;
      case '--out':
        if (outFile(value) !== '-') o.out = value;
        break;
    }
  }
  requireModel(parsed.seen, 'export');
  return { kind: 'export', options: o };
}

/** Parses the words after `meanfield`. */
export function parseCommand(argv: string[]): Command {
  if (argv.length === 0) throw new UsageError(`missing command (try 'meanfield --help')`);
  const [command, ...rest] = argv;
  if (isHelp(command)) return { kind: 'help' };
  switch (command) {
    case 'help': {
      const topic = rest[0];
      if (topic === undefined) return { kind: 'help' };
      if ((HELP_TOPICS as readonly string[]).includes(topic)) return { kind: 'help', topic: topic as HelpTopic };
      throw new UsageError(`help: unknown command '${topic}' (commands: ${HELP_TOPICS.join(', ')})`);
    }
    case 'models':
      if (rest.some(isHelp)) return { kind: 'help', topic: 'models' };
      if (rest.length > 0) throw new UsageError(`models: unexpected argument '${rest[0]}'`);
      return { kind: 'models' };
    case 'simulate':
      return parseSimulate(rest);
    case 'continue':
      return parseContinue(rest);
    case 'network':
      return parseNetwork(rest);
    case 'export':
      return parseExport(rest);
    case 'run':
    case 'validate':
      return parseProjectCommand(command, rest);
    default:
      throw new UsageError(`unknown command '${command}' (commands: simulate, continue, network, export, run, validate, models, help)`);
  }
}

/** `run FILE.mfproj [--out DIR]` and `validate FILE.mfproj`. */
function parseProjectCommand(command: 'run' | 'validate', argv: string[]): Command {
  if (argv.some(isHelp)) return { kind: 'help', topic: command };
  let file: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (command === 'run' && (word === '--out' || word.startsWith('--out='))) {
      if (out !== undefined) throw new UsageError('--out: given more than once');
      const value = word === '--out' ? argv[++i] : word.slice('--out='.length);
      if (value === undefined || value === '') throw new UsageError('--out: must name a folder');
      out = value;
    } else if (word.startsWith('--')) {
      throw new UsageError(`unknown option '${word.split('=')[0]}' for ${command} (see 'meanfield help ${command}')`);
    } else if (file !== undefined) {
      throw new UsageError(`${command}: unexpected argument '${word}' (one project file)`);
    } else file = word;
  }
  if (file === undefined) throw new UsageError(`${command}: missing the project file (e.g. meanfield ${command} examples/pyrates-izhikevich.mfproj)`);
  return command === 'run' ? { kind: 'run', file, ...(out !== undefined ? { out } : {}) } : { kind: 'validate', file };
}
