/**
 * `meanfield network` options: the model settings and time grid of `simulate` (forward Euler on
 * the grid of --dt) plus the network's: --neurons, --recovery, --seed, --threads, --v-peak,
 * --v-reset, --raster. Every mistake is a UsageError naming the option (./args.ts).
 */
import type { Recovery } from '@shared/network/types';
import { RECOVERIES } from '@shared/network/types';
import {
  commandOptions,
  GRID_OPTIONS,
  gridOption,
  MODEL_OPTIONS,
  number,
  parseNumber,
  requireModel,
  sharedOption,
  UsageError,
  type Command,
  type ModelSettingOptions,
  type WindowOption,
} from './args';

export interface NetworkOptions extends Omit<ModelSettingOptions, 'modelFile'> {
  windows: WindowOption[];
  tEnd?: number;
  dt: number;
  sample?: number;
  neurons: number;
  recovery: Recovery;
  seed?: number;
  threads?: number;
  vPeak?: number;
  vReset?: number;
  raster?: number;
}

/** The network's own options (it takes MODEL_OPTIONS and GRID_OPTIONS too, read when it runs: ./args.ts imports this file). */
const NETWORK_ONLY = ['--neurons', '--recovery', '--seed', '--threads', '--v-peak', '--v-reset', '--raster'] as const;
type NetworkOption = (typeof MODEL_OPTIONS)[number] | (typeof GRID_OPTIONS)[number] | (typeof NETWORK_ONLY)[number];

function whole(option: string, text: string, min: number, max: number): number {
  const x = parseNumber(text);
  if (x === null || !Number.isInteger(x) || x < min || x > max) {
    throw new UsageError(`${option}: must be a whole number from ${min} to ${max.toLocaleString('en')}, got '${text}'`);
  }
  return x;
}

export function parseNetwork(argv: string[]): Command {
  const parsed = commandOptions<NetworkOption>(argv, 'network', [...MODEL_OPTIONS, ...GRID_OPTIONS, ...NETWORK_ONLY]);
  if (parsed === null) return { kind: 'help', topic: 'network' };
  const { pairs, seen } = parsed;
  const o: Partial<NetworkOptions> & Pick<NetworkOptions, 'set' | 'init' | 'inputs' | 'windows'> = { set: [], init: [], inputs: [], windows: [] };
  for (const [name, value] of pairs) {
    if (sharedOption(o, name, value, 'BASELINE') || gridOption(o, name, value)) continue;
    switch (name) {
      case '--neurons':
        o.neurons = whole(name, value, 1, 10_000_000);
        break;
      case '--recovery':
        if (!(RECOVERIES as readonly string[]).includes(value)) {
          throw new UsageError(`--recovery: must be individual (one u per neuron) or shared (one u for all, as the mean field assumes), got '${value}'`);
        }
        o.recovery = value as Recovery;
        break;
      case '--seed':
        o.seed = whole(name, value, 0, 2 ** 32 - 1);
        break;
      case '--threads':
        o.threads = whole(name, value, 1, 256);
        break;
      case '--v-peak':
        o.vPeak = number(name, value);
        break;
      case '--v-reset':
        o.vReset = number(name, value);
        break;
      case '--raster':
        o.raster = whole(name, value, 0, 10_000_000);
        break;
    }
  }
  requireModel(seen, 'network');
  const required = ['--dt', '--neurons', ...(seen.has('--scenario') ? [] : ['--t-end'])] as const;
  for (const option of required) {
    if (!seen.has(option as NetworkOption)) throw new UsageError(`${option}: required (see 'meanfield help network')`);
  }
  if (o.raster !== undefined && o.raster > 0 && o.format !== 'json') {
    throw new UsageError(`--raster: the spike raster is written with --format json only (CSV holds the columns t,r,v,u,s)`);
  }
  return { kind: 'network', options: { format: 'csv', recovery: 'individual', ...o } as NetworkOptions };
}
