/**
 * `meanfield network`: the spiking network behind a template (src-main/engine/network), run on
 * worker threads so that this thread stays free for Ctrl+C, written as CSV (t,r,v,u,s) or JSON (the
 * settings, the run statistics, the columns and, with --raster, the spike times).
 */
import { availableParallelism } from 'node:os';
import { getTemplate, TEMPLATES } from '@shared/models/templates';
import { NETWORK_MODELS, type NetworkRequest, type NetworkResult } from '@shared/network/types';
import { networkModel, validateNetwork } from '@shared/network/validate';
import { startNetwork } from '../engine/network/parallel';
import { UsageError, type SimulateOptions } from './args';
import { mainBuildScript } from './build-paths';
import { csvChunks, jsonArray, jsonRunColumns } from './format';
import type { NetworkOptions } from './network-args';
import { issueLine, optionWords } from './options';
import { checkOut, emit, type StandardStreams } from './output';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, runExit } from './exit-codes';
import { buildRequest } from './request';
import { scenarioOption, scenarioSimulation } from './scenario';

export interface NetworkIo extends StandardStreams {
  /** The network worker script (default: network-worker.js next to this bundle). */
  networkWorkerPath?: string;
}

/** The full request the options describe (UsageError for names the model lacks). */
export function buildNetworkRequest(opts: NetworkOptions): NetworkRequest {
  const name = opts.model as string;
  const def = getTemplate(name);
  if (def === undefined) throw new UsageError(`--model: unknown model '${name}' (models: ${TEMPLATES.map((t) => t.name).join(', ')})`);
  if (networkModel(name) === null) throw new UsageError(`--model: ${name} has no spiking network (models with one: ${NETWORK_MODELS.join(', ')})`);
  const simulate: SimulateOptions = { ...opts, tEnd: opts.tEnd ?? 1, method: 'euler', format: opts.format };
  const typed = buildRequest(simulate, def);
  const plain = opts.scenario !== undefined ? scenarioSimulation(typed, scenarioOption(name, opts.scenario), opts) : typed;
  const network: NetworkRequest['network'] = {
    neurons: opts.neurons,
    recovery: opts.recovery,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.vPeak !== undefined ? { vPeak: opts.vPeak } : {}),
    ...(opts.vReset !== undefined ? { vReset: opts.vReset } : {}),
    ...(opts.raster !== undefined ? { rasterNeurons: opts.raster } : {}),
  };
  return { ...plain, solver: { ...plain.solver, method: 'euler' }, network };
}

/** JSON document `{ model, settings, status, message, stats, blowup?, columns: { t, r, v, u, s }, raster? }`. */
export function* networkJsonChunks(request: NetworkRequest, result: NetworkResult): Generator<string> {
  yield* jsonRunColumns(request, result);
  if (result.raster === undefined) {
    yield '  }\n}\n';
    return;
  }
  yield '  },\n  "raster": {\n    "neurons": ';
  yield* jsonArray(result.raster.neurons);
  yield ',\n    "neuron": ';
  yield* jsonArray(result.raster.neuron);
  yield ',\n    "time": ';
  yield* jsonArray(result.raster.time);
  yield '\n  }\n}\n';
}

/** Runs the command; resolves to the exit code (0 ok, 1 blow-up or failure, 2 bad settings, 130 interrupted). */
export async function networkCommand(opts: NetworkOptions, io: NetworkIo): Promise<number> {
  const request = buildNetworkRequest(opts);
  const issues = validateNetwork(request, getTemplate(request.model)!);
  if (issues.length > 0) {
    const ctx = { windows: opts.windows, sampleGiven: opts.sample !== undefined };
    for (const issue of issues) io.stderr.write(`meanfield: ${issueLine(issue, ctx)}\n`);
    return EXIT_USAGE;
  }
  checkOut(opts.out);
  const workerPath = io.networkWorkerPath ?? mainBuildScript('network-worker.js');
  const threads = opts.threads ?? Math.min(availableParallelism(), 8);
  const showProgress = io.stderr === process.stderr && process.stderr.isTTY === true;
  const run = startNetwork(request, {
    threads,
    workerPath,
    onProgress: (fraction, t) => {
      if (showProgress)
        io.stderr.write(`\rnetwork ${(100 * fraction).toFixed(0).padStart(3)}%  t = ${Number(t.toPrecision(6))} of ${request.solver.tEnd}\x1b[K`);
    },
  });
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    run.cancel();
  };
  process.on('SIGINT', onSigint);
  let result: NetworkResult;
  try {
    result = await run.done;
  } catch (e) {
    io.stderr.write(`meanfield: ${(e as Error).message}\n`);
    return EXIT_FAILED;
  } finally {
    if (showProgress) io.stderr.write('\r\x1b[K');
    process.off('SIGINT', onSigint);
  }
  const chunks = opts.format === 'json' ? networkJsonChunks(request, result) : csvChunks(result);
  if (!(await emit(opts.out, io, chunks))) return EXIT_FAILED;
  const note = /; note: (.*)$/.exec(result.message);
  if (result.status === 'ok' && note !== null) io.stderr.write(`meanfield: note: ${optionWords(note[1])}\n`);
  return runExit(result, io.stderr);
}
