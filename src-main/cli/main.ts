/**
 * The `meanfield` command (bundled as out/main/cli.js; bin/meanfield.mjs calls `runCli`). No Electron.
 * The simulation runs on an engine worker thread through the same JobService as the app, which keeps
 * this thread free to react to Ctrl+C: SIGINT cancels the run, the data computed so far is printed
 * and the exit code is 130. Exit codes: 0 ok, 1 blow-up or engine failure, 2 bad arguments.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { access, constants, rename, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { getTemplate, TEMPLATES } from '@shared/models/templates';
import type { SimulationRequest, SimulationResult } from '@shared/simulation/types';
import { requestIssues } from '../engine/request-issues';
import { JobService } from '../services/jobs';
import { parseCommand, UsageError, type ContinueOptions, type SimulateOptions } from './args';
import { buildContinuationRequest, continuationCsv, continuationJson, continueOptionOfField } from './continue';
import { compileModel } from '../engine/compile';
import { runContinuation } from '../engine/continuation/run';
import { validateContinuation } from '@shared/continuation/validate';
import { csvChunks, formatModels, jsonChunks } from './format';
import { CONTINUE_HELP, GENERAL_HELP, MODELS_HELP, RUN_HELP, SIMULATE_HELP, VALIDATE_HELP } from './help';
import { inProcessRunner, rerunCommand, validateCommand, type SimulationRunner } from './project';
import { buildRequest, optionOfField } from './request';
import { scenarioContinuation, scenarioLines, scenarioOption, scenarioSimulation } from './scenario';

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  /** The engine worker script (default: worker.js next to this file). */
  workerPath?: string;
}

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;
const POLL_MS = 10;

/** Writes `chunks` to `stream`, honouring back-pressure; rejects on the stream's first error. */
async function writeChunks(stream: Writable, chunks: Iterable<string>): Promise<void> {
  let failure: Error | null = null;
  const onError = (e: Error) => {
    failure = e;
  };
  stream.on('error', onError);
  try {
    for (const chunk of chunks) {
      if (failure !== null) throw failure;
      if (!stream.write(chunk)) await once(stream, 'drain');
    }
    if (failure !== null) throw failure;
  } finally {
    stream.off('error', onError);
  }
}

/** Writes the output to `file` atomically (temporary file in the same directory, then rename). */
async function writeFileChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const stream = createWriteStream(tmp, { flags: 'wx' });
  try {
    await once(stream, 'open');
    await writeChunks(stream, chunks);
    stream.end();
    await once(stream, 'finish');
    await rename(tmp, file);
  } catch (e) {
    stream.destroy();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

function output(request: SimulationRequest, result: SimulationResult, opts: SimulateOptions): Iterable<string> {
  return opts.format === 'json' ? jsonChunks(request, result) : csvChunks(result);
}

/** Runs `request` on a worker; Ctrl+C cancels it. Shows progress on an interactive stderr. */
async function runJob(request: SimulationRequest, io: CliIo): Promise<{ result?: SimulationResult; error?: string; interrupted: boolean }> {
  const workerPath = io.workerPath ?? join(dirname(fileURLToPath(import.meta.url)), 'worker.js');
  const jobs = new JobService({ workerPath, poolSize: 1 });
  const showProgress = io.stderr === process.stderr && process.stderr.isTTY === true;
  let interrupted = false;
  const id = jobs.start(request);
  const onSigint = () => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    jobs.cancel(id);
  };
  process.on('SIGINT', onSigint);
  try {
    for (;;) {
      const p = jobs.poll(id);
      if (p.state === 'finished') return { result: p.result, interrupted };
      if (p.state === 'failed') return { error: p.error.message, interrupted };
      if (p.state === 'unknown') return { error: 'the simulation job was lost', interrupted };
      if (showProgress) io.stderr.write(`\rsimulating ${(100 * p.fraction).toFixed(0).padStart(3)}%  ${p.detail}\x1b[K`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    if (showProgress) io.stderr.write('\r\x1b[K');
    process.off('SIGINT', onSigint);
    await jobs.dispose();
  }
}

async function simulateCommand(opts: SimulateOptions, io: CliIo): Promise<number> {
  const model = getTemplate(opts.model);
  if (model === undefined) {
    throw new UsageError(`--model: unknown model '${opts.model}' (models: ${TEMPLATES.map((t) => t.name).join(', ')})`);
  }
  const scenario = opts.scenario !== undefined ? scenarioOption(model.name, opts.scenario) : undefined;
  const typed = buildRequest({ ...opts, tEnd: opts.tEnd ?? 1, dt: opts.dt ?? 1 }, model);
  const request = scenario ? scenarioSimulation(typed, scenario, opts) : typed;
  const problem = requestIssues(request);
  if (problem !== null) {
    const issues = problem.issues ?? [{ field: 'request', message: problem.message }];
    for (const issue of issues) io.stderr.write(`meanfield: ${optionOfField(issue.field, opts)}: ${issue.message}\n`);
    return EXIT_USAGE;
  }
  if (opts.out !== undefined) {
    try {
      await access(dirname(resolve(opts.out)), constants.W_OK);
    } catch (e) {
      throw new UsageError(`--out ${opts.out}: cannot write there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }

  const run = await runJob(request, io);
  if (run.result === undefined) {
    io.stderr.write(`meanfield: the simulation failed: ${run.error}\n`);
    return EXIT_FAILED;
  }
  const result = run.result;
  const chunks = output(request, result, opts);
  try {
    if (opts.out !== undefined) await writeFileChunks(opts.out, chunks);
    else await writeChunks(io.stdout, chunks);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return EXIT_OK; // reader went away (e.g. `| head`)
    io.stderr.write(`meanfield: cannot write the output${opts.out !== undefined ? ` to ${opts.out}` : ''}: ${(e as Error).message}\n`);
    return EXIT_FAILED;
  }
  if (result.status === 'blowup') {
    io.stderr.write(`meanfield: ${result.message}\n`);
    return EXIT_FAILED;
  }
  if (result.status === 'cancelled') {
    io.stderr.write(`meanfield: interrupted: ${result.message}\n`);
    return EXIT_INTERRUPTED;
  }
  return run.interrupted ? EXIT_INTERRUPTED : EXIT_OK;
}

/** Checks that --out's directory is writable (a UsageError otherwise). */
async function checkOut(out: string | undefined): Promise<void> {
  if (out === undefined) return;
  try {
    await access(dirname(resolve(out)), constants.W_OK);
  } catch (e) {
    throw new UsageError(`--out ${out}: cannot write there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * `meanfield continue`: traces the branch in this process (milliseconds; no worker needed) and
 * writes JSON or CSV. Exit 1 when no steady state is found at the start (message on stderr); a
 * branch that ends early (not at a bound) is still written, with a note on stderr.
 */
async function continueCommand(opts: ContinueOptions, io: CliIo): Promise<number> {
  const def = getTemplate(opts.model);
  if (def === undefined) {
    throw new UsageError(`--model: unknown model '${opts.model}' (models: ${TEMPLATES.map((t) => t.name).join(', ')})`);
  }
  const scenario = opts.scenario !== undefined ? scenarioOption(def.name, opts.scenario) : undefined;
  const typed = buildContinuationRequest(opts, def);
  const request = scenario ? scenarioContinuation(typed, scenario, opts) : typed;
  const issues = validateContinuation(request, def);
  if (issues.length > 0) {
    for (const issue of issues) io.stderr.write(`meanfield: ${continueOptionOfField(issue.field)}: ${issue.message}\n`);
    return EXIT_USAGE;
  }
  await checkOut(opts.out);
  const result = runContinuation(compileModel(def), request);
  if (result.status === 'noEquilibrium' || result.branch === null) {
    io.stderr.write(`meanfield: ${result.message}\n`);
    return EXIT_FAILED;
  }
  const chunks = opts.format === 'csv' ? continuationCsv(request, result) : continuationJson(request, result);
  try {
    if (opts.out !== undefined) await writeFileChunks(opts.out, chunks);
    else await writeChunks(io.stdout, chunks);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return EXIT_OK;
    io.stderr.write(`meanfield: cannot write the output${opts.out !== undefined ? ` to ${opts.out}` : ''}: ${(e as Error).message}\n`);
    return EXIT_FAILED;
  }
  for (const end of result.branch.ends) {
    if (end.reason !== 'bound') io.stderr.write(`meanfield: note: ${end.message}\n`);
  }
  return EXIT_OK;
}

/** Runs the command line `argv` (the words after `meanfield`); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    const command = parseCommand(argv);
    switch (command.kind) {
      case 'help':
        io.stdout.write(
          command.topic === 'simulate' ? SIMULATE_HELP : command.topic === 'models' ? MODELS_HELP : command.topic === 'continue' ? CONTINUE_HELP
            : command.topic === 'run' ? RUN_HELP : command.topic === 'validate' ? VALIDATE_HELP : GENERAL_HELP,
        );
        return EXIT_OK;
      case 'models':
        io.stdout.write(TEMPLATES.map((t) => formatModels([t]).trimEnd() + scenarioLines(t.name)).join('\n\n') + '\n');
        return EXIT_OK;
      case 'simulate':
        return await simulateCommand(command.options, io);
      case 'continue':
        return await continueCommand(command.options, io);
      case 'validate':
        return await validateCommand(command.file, io.stdout, io.stderr);
      case 'run': {
        // Templates run on an engine worker as `simulate` does; a custom model in this process.
        const runner: SimulationRunner = async (request, def) => {
          if (getTemplate(request.model) !== def) return inProcessRunner(request, def);
          const r = await runJob(request, io);
          return r.result ? { result: r.result } : { error: r.interrupted ? 'interrupted' : (r.error ?? 'failed') };
        };
        return await rerunCommand(command.file, command.out, io, runner);
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`meanfield: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`meanfield: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_FAILED;
  }
}

// `node out/main/cli.js ...` works too (bin/meanfield.mjs is the usual entry).
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runCli(process.argv.slice(2));
}
