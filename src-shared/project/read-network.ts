/**
 * Reading what makes a run a network run (ProjectRun.network): the settings, checked with the same
 * validator as the app and the engine against the run's request; the counts; the spike raster
 * (recorded neurons ascending within 0..N-1, one neuron index and one time per spike, times within
 * the run), bit-exact.
 */
import type { ModelDef } from '../models/types';
import { RECOVERIES, type NetworkSettings, type SpikeRaster } from '../network/types';
import { validateNetwork } from '../network/validate';
import type { SimulationRequest } from '../simulation/types';
import { arrayLength, readArray, reserveValues } from './read-arrays';
import { reportIssues } from './read-runs';
import { anyNumber, at, int, obj, oneOf, type Reader } from './reader';
import { SHAPES } from './shapes';
import type { RunNetwork } from './types';

function readSettings(r: Reader, path: string, x: unknown): NetworkSettings | undefined {
  const o = obj(r, path, x, SHAPES.networkSettings);
  if (!o) return undefined;
  const before = r.errors.length;
  const neurons = int(r, at(path, 'neurons'), o.neurons, 1, Number.MAX_SAFE_INTEGER);
  const recovery = oneOf(r, at(path, 'recovery'), o.recovery, RECOVERIES);
  const seed = o.seed === undefined ? undefined : int(r, at(path, 'seed'), o.seed, 0, 2 ** 32 - 1);
  const vPeak = o.vPeak === undefined ? undefined : anyNumber(r, at(path, 'vPeak'), o.vPeak);
  const vReset = o.vReset === undefined ? undefined : anyNumber(r, at(path, 'vReset'), o.vReset);
  const rasterNeurons = o.rasterNeurons === undefined ? undefined : int(r, at(path, 'rasterNeurons'), o.rasterNeurons, 0, Number.MAX_SAFE_INTEGER);
  if (r.errors.length > before) return undefined;
  return {
    neurons: neurons!,
    recovery: recovery!,
    ...(seed !== undefined ? { seed } : {}),
    ...(vPeak !== undefined ? { vPeak } : {}),
    ...(vReset !== undefined ? { vReset } : {}),
    ...(rasterNeurons !== undefined ? { rasterNeurons } : {}),
  };
}

/** An Int32Array of whole numbers in [lo, hi] from a stored array, or an error. */
function wholeArray(r: Reader, path: string, values: Float64Array, lo: number, hi: number): Int32Array | undefined {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < lo || v > hi) return r.error(at(path, i), `must be a whole number from ${lo} to ${hi} (got ${v})`);
  }
  return Int32Array.from(values);
}

function readRaster(r: Reader, path: string, x: unknown, settings: NetworkSettings, tEnd: number): SpikeRaster | undefined {
  const o = obj(r, path, x, SHAPES.spikeRaster);
  if (!o) return undefined;
  const m = arrayLength(r, at(path, 'neurons'), o.neurons, { maxLength: settings.neurons });
  const n = arrayLength(r, at(path, 'neuron'), o.neuron);
  if (m === undefined || n === undefined || arrayLength(r, at(path, 'time'), o.time, { length: n }) === undefined) return undefined;
  if (!reserveValues(r, path, m + 2 * n)) return undefined;
  const neuronsRaw = readArray(r, at(path, 'neurons'), o.neurons, { length: m });
  const neuronRaw = readArray(r, at(path, 'neuron'), o.neuron, { length: n });
  const time = readArray(r, at(path, 'time'), o.time, { length: n });
  if (!neuronsRaw || !neuronRaw || !time) return undefined;
  const neurons = wholeArray(r, at(path, 'neurons'), neuronsRaw, 0, settings.neurons - 1);
  const neuron = wholeArray(r, at(path, 'neuron'), neuronRaw, 0, settings.neurons - 1);
  if (!neurons || !neuron) return undefined;
  for (let i = 1; i < m; i++) if (!(neurons[i] > neurons[i - 1])) return r.error(at(path, 'neurons'), 'must be ascending without repeats');
  const recorded = new Set(neurons);
  for (let i = 0; i < n; i++) {
    if (!recorded.has(neuron[i])) return r.error(at(path, `neuron[${i}]`), `is not one of the recorded neurons (${neuron[i]})`);
    if (!(time[i] >= 0 && time[i] <= tEnd)) return r.error(at(path, `time[${i}]`), `must be a time within the run, 0 to ${tEnd} (got ${time[i]})`);
  }
  return { neurons, neuron, time };
}

/** The network part of a stored run made with `request` of model `def`. */
export function readRunNetwork(r: Reader, path: string, x: unknown, request: SimulationRequest, def: ModelDef): RunNetwork | undefined {
  const o = obj(r, path, x, SHAPES.runNetwork);
  if (!o) return undefined;
  const settings = readSettings(r, at(path, 'settings'), o.settings);
  if (!settings) return undefined;
  const issues = validateNetwork({ ...request, network: settings }, def);
  if (issues.length > 0)
    return (
      reportIssues(
        r,
        path,
        issues.map((i) => ({ ...i, field: i.field.replace(/^network\./, 'settings.') })),
      ),
      undefined
    );
  const so = obj(r, at(path, 'stats'), o.stats, SHAPES.networkStats);
  if (!so) return undefined;
  const before = r.errors.length;
  const stats: Record<string, number> = {};
  for (const k of SHAPES.networkStats) stats[k] = anyNumber(r, at(path, `stats.${k}`), so[k]) as number;
  if (r.errors.length > before) return undefined;
  const raster = o.raster === undefined ? undefined : readRaster(r, at(path, 'raster'), o.raster, settings, request.solver.tEnd);
  if (o.raster !== undefined && raster === undefined) return undefined;
  return { settings, stats: stats as unknown as RunNetwork['stats'], ...(raster ? { raster } : {}) };
}
