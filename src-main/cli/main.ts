/**
 * The `meanfield` command (bundled as out/cli/cli.cjs by scripts/build-cli.mjs; bin/meanfield.mjs calls `runCli`). No Electron.
 * The simulation runs on an engine worker thread through the same JobService as the app, which keeps
 * this thread free to react to Ctrl+C: SIGINT cancels the run, the data computed so far is printed
 * and the exit code is 130; `continue` traces on a worker the same way (its cycles in this thread, a
 * slice at a time, see traceCycles). Exit codes: 0 ok, 1 blow-up or engine failure, 2 bad
 * arguments, 130 interrupted.
 *
 * Code that `continue` does not run (networks, project files, export, curves and cycles) is
 * imported when its command or option first needs it: in the one-file build it is then initialised
 * only at that point, and with the code cache a plain command compiles none of it.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { isMainThread } from 'node:worker_threads';
import type { Branch, ContinuationRequest, ContinuationResult } from '@shared/continuation/types';
import { validateContinuation } from '@shared/continuation/validate';
import { unresolvedStretch } from '@shared/cycles/mesh-check';
import { getTemplate, TEMPLATES } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import type { SimulationRequest } from '@shared/simulation/types';
import type { JobKind, JobRequestOf, JobResultOf } from '@shared/jobs';
import { runContinuation } from '../engine/continuation/run';
import { requestIssues } from '../engine/request-issues';
import { compiledFor } from '../engine/run-request';
import { precompileEngineWasm } from '../engine/wasm/eq-kernel';
import { JobService } from '../services/jobs';
import { mainBuildScript } from './build-paths';
import { parseCommand, UsageError, type ContinueOptions, type ExportOptions, type HelpTopic, type SimulateOptions } from './args';
import { buildContinuationRequest, continuationCsv, continuationJson } from './continue';
import type { CurveRun } from './curve-runner';
import { checkCurvesOptions, curveRequests } from './curves';
import { curveId, curvesCsv, curvesJsonField } from './curves-output';
import { cycleRequests, sameFamily } from './cycles';
import { cycleBranchesJson, cyclesCsv, type CycleRun } from './cycles-output';
import { runSliced, type QueueOptions } from './job-queue';
import { csvChunks, formatModels, jsonChunks } from './format';
import { CONTINUE_HELP, EXPORT_HELP, GENERAL_HELP, MODELS_HELP, NETWORK_HELP, RUN_HELP, SIMULATE_HELP, VALIDATE_HELP } from './help';
import { readModelFile } from './model-file';
import { issueLine, optionWords } from './options';
import { checkOut, emit } from './output';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, runExit } from './exit-codes';
import { buildRequest } from './request';
import { simulateWarnings } from './warnings';
import { scenarioContinuation, scenarioLines, scenarioOption, scenarioSimulation } from './scenario';
import { clockMs } from '../engine/clock';
import { EXPOSE_GC_FLAG, scavengeYoungGeneration } from './young-heap';

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  /** The engine worker script (default: worker.js next to this file). */
  workerPath?: string;
  /** The network worker script (default: network-worker.js next to this file). */
  networkWorkerPath?: string;
}

const POLL_MS = 10;

/** The engine worker script of `io` (default: the main build's worker.js). */
function engineWorkerPath(io: CliIo): string {
  return io.workerPath ?? mainBuildScript('worker.js');
}

/** True when stderr is this process's own terminal: progress lines are shown there only. */
function isTerminal(io: CliIo): boolean {
  return io.stderr === process.stderr && process.stderr.isTTY === true;
}

type JobOutcome<R> = { result?: R; error?: string; interrupted: boolean };

/** The help of each command. */
const HELP: { readonly [T in HelpTopic]: string } = {
  simulate: SIMULATE_HELP,
  models: MODELS_HELP,
  continue: CONTINUE_HELP,
  run: RUN_HELP,
  validate: VALIDATE_HELP,
  export: EXPORT_HELP,
  network: NETWORK_HELP,
};

/** What the progress line says a job of each kind is doing. */
const VERBS: { readonly [K in JobKind]: string } = {
  simulation: 'simulating',
  continuation: 'continuing',
  curve: 'tracing',
  cycle: 'tracing cycles',
  network: 'simulating the network',
};

/**
 * Runs a job of `kind` on an engine worker; the first Ctrl+C cancels it (the job then
 * ends with the data computed so far), a second one exits at once. `notes` go to stderr once
 * Ctrl+C is handled. Shows progress on an interactive stderr, as `verb NN%  detail`.
 */
async function runJob<K extends JobKind>(request: JobRequestOf<K>, io: CliIo, kind: K, notes: string[] = []): Promise<JobOutcome<JobResultOf<K>>> {
  const jobs = new JobService({ workerPath: engineWorkerPath(io), poolSize: 1 });
  const showProgress = isTerminal(io);
  const verb = VERBS[kind];
  let interrupted = false;
  const id = jobs.start(request, kind);
  const onSigint = () => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    jobs.cancel(id);
  };
  process.on('SIGINT', onSigint);
  // Lines for stderr (warnings) once Ctrl+C is handled: a user may react to them with it.
  for (const line of notes) io.stderr.write(`meanfield: ${line}\n`);
  try {
    for (;;) {
      const p = jobs.poll(id);
      if (p.state === 'finished') return { result: p.result as JobResultOf<K>, interrupted };
      if (p.state === 'failed') return { error: p.error.message, interrupted };
      if (p.state === 'unknown') return { error: `the ${kind} job was lost`, interrupted };
      if (showProgress) io.stderr.write(`\r${verb} ${(100 * p.fraction).toFixed(0).padStart(3)}%  ${p.detail}\x1b[K`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    if (showProgress) io.stderr.write('\r\x1b[K');
    process.off('SIGINT', onSigint);
    await jobs.dispose();
  }
}

/**
 * Most traces take milliseconds, less than starting an engine worker: the trace first runs in this
 * process for at most IN_PROCESS_MS. Only a longer one is abandoned and run again on a worker,
 * where Ctrl+C can stop it and keep the branch so far (a Ctrl+C in the first IN_PROCESS_MS ends the
 * process at once).
 */
export const IN_PROCESS_MS = 250;

function inProcessTrace(request: ContinuationRequest): JobOutcome<ContinuationResult> | null {
  const model = compiledFor(request);
  if (model === undefined) return null;
  const deadline = clockMs() + IN_PROCESS_MS;
  // The clock read every 16th poll (the engine polls before every step).
  let polls = 0;
  const result = runContinuation(model, request, { isCancelled: () => (++polls & 15) === 0 && clockMs() > deadline });
  return result.status === 'cancelled' ? null : { result, interrupted: false };
}

/**
 * Compiles the request's model and starts compiling its corrector's WebAssembly off this thread
 * (the engine would compile it on the spot): resolves when done, never rejects.
 */
function precompileTrace(request: ContinuationRequest): Promise<void> {
  const model = compiledFor(request);
  const k = model === undefined ? -1 : model.paramNames.indexOf(request.param);
  return (k >= 0 ? model?.precompileEquilibriumKernel?.(k) : undefined) ?? Promise.resolve();
}

/** The template `name`, or a UsageError listing the models. */
function template(name: string): ModelDef {
  const model = getTemplate(name);
  if (model === undefined) {
    throw new UsageError(`--model: unknown model '${name}' (models: ${TEMPLATES.map((t) => t.name).join(', ')})`);
  }
  return model;
}

/**
 * The model of --model (a built-in template) or --model-file (with --model naming the circuit of a
 * PyRates file); `custom` when requests must carry its definition. Notes about the file go to stderr.
 */
function commandModel(opts: { model?: string; modelFile?: string }, io: CliIo): { def: ModelDef; custom: boolean } {
  if (opts.modelFile === undefined) return { def: template(opts.model as string), custom: false };
  const read = readModelFile(opts.modelFile, opts.model);
  for (const line of read.notes) io.stderr.write(`meanfield: ${line}\n`);
  return { def: read.def, custom: !read.builtin };
}

/** `request` without its model definition: the output records settings, as for a template. */
function withoutDef<R extends { def?: ModelDef }>(request: R): R {
  const { def: _def, ...rest } = request;
  return rest as R;
}

async function simulateCommand(opts: SimulateOptions, io: CliIo): Promise<number> {
  const { def: model, custom } = commandModel(opts, io);
  const scenario = opts.scenario !== undefined ? scenarioOption(model.name, opts.scenario) : undefined;
  const typed = buildRequest({ ...opts, tEnd: opts.tEnd ?? 1, dt: opts.dt ?? 1 }, model);
  const plain = scenario ? scenarioSimulation(typed, scenario, opts) : typed;
  const request: SimulationRequest = custom ? { ...plain, def: model } : plain;
  const problem = requestIssues(request);
  if (problem !== null) {
    const issues = problem.issues ?? [{ field: 'request', message: problem.message }];
    const ctx = { windows: opts.windows, sampleGiven: opts.sample !== undefined };
    for (const issue of issues) io.stderr.write(`meanfield: ${issueLine(issue, ctx)}\n`);
    return EXIT_USAGE;
  }
  checkOut(opts.out);

  const run = await runJob(request, io, 'simulation', simulateWarnings(request, opts));
  if (run.result === undefined) {
    io.stderr.write(`meanfield: the simulation failed: ${run.error}\n`);
    return EXIT_FAILED;
  }
  const result = run.result;
  const chunks = opts.format === 'json' ? jsonChunks(withoutDef(request), result) : csvChunks(result);
  if (!(await emit(opts.out, io, chunks))) return EXIT_FAILED;
  const code = runExit(result, io.stderr);
  return code === EXIT_OK && run.interrupted ? EXIT_INTERRUPTED : code;
}

/**
 * `meanfield continue`: traces the branch on an engine worker (Ctrl+C stops it and the branch so
 * far is written, exit 130) and writes JSON or CSV. Exit 1 when no steady state is found at the
 * start (message on stderr); a branch that ends early (not at a bound) is still written, with a
 * note on stderr.
 */
async function continueCommand(opts: ContinueOptions, io: CliIo): Promise<number> {
  // The engine's WebAssembly compiles on V8's threads while the options and the model are checked.
  const wasm = precompileEngineWasm();
  // What follows allocates into memory the process has already written (./young-heap.ts).
  scavengeYoungGeneration();
  const { def, custom } = commandModel(opts, io);
  const scenario = opts.scenario !== undefined ? scenarioOption(def.name, opts.scenario) : undefined;
  const typed = buildContinuationRequest(opts, def);
  const plain = scenario ? scenarioContinuation(typed, scenario, opts) : typed;
  const request: ContinuationRequest = custom ? { ...plain, def } : plain;
  const issues = validateContinuation(request, def);
  if (issues.length > 0) {
    for (const issue of issues) io.stderr.write(`meanfield: ${issueLine(issue)}\n`);
    return EXIT_USAGE;
  }
  checkCurvesOptions(opts.curves ?? [], request, def);
  const compiled = precompileTrace(request);
  // --out is checked while V8 finishes compiling the WebAssembly.
  checkOut(opts.out);
  await Promise.all([wasm, compiled]);
  return traceContinuation(opts, io, request, custom ? def : undefined);
}

/** The branch of `request`, then its curves or cycles, written out; the exit code. */
async function traceContinuation(opts: ContinueOptions, io: CliIo, request: ContinuationRequest, def?: ModelDef): Promise<number> {
  const fast = inProcessTrace(request);
  const run = fast ?? (await runJob(request, io, 'continuation'));
  const result = run.result;
  if (result === undefined) {
    io.stderr.write(`meanfield: the continuation failed: ${run.error}\n`);
    return EXIT_FAILED;
  }
  if (result.branch === null) {
    io.stderr.write(`meanfield: ${result.status === 'cancelled' ? 'interrupted: ' : ''}${result.message}\n`);
    return result.status === 'cancelled' ? EXIT_INTERRUPTED : EXIT_FAILED;
  }
  const curves = opts.curves !== undefined && result.status !== 'cancelled' ? await traceCurves(opts, request, result.branch, def, io) : null;
  const runs = curves?.runs ?? (opts.curves !== undefined ? [] : null);
  const cycles =
    opts.cycles === true && result.status !== 'cancelled' && curves?.interrupted !== true ? await traceCycles(opts, request, result.branch, def, io) : null;
  const cycleRuns = cycles?.runs ?? (opts.cycles === true ? [] : null);
  const chunks =
    opts.format === 'csv'
      ? cycleRuns !== null
        ? cyclesCsv(request, result.branch.stateNames, cycleRuns)
        : runs !== null
          ? curvesCsv(
              request,
              (opts.curves ?? []).map((c) => c.param),
              result.branch.stateNames,
              runs,
            )
          : continuationCsv(request, result)
      : continuationJson(withoutDef(request), result, runs !== null ? curvesJsonField(runs) : [], cycleBranchesJson(cycleRuns ?? []));
  if (!(await emit(opts.out, io, chunks))) return EXIT_FAILED;
  if (result.status === 'cancelled') {
    const what = [opts.curves !== undefined ? 'curves' : '', opts.cycles === true ? 'cycles' : ''].filter((w) => w !== '').join(' or ');
    io.stderr.write(`meanfield: interrupted: ${result.message} The branch traced so far was written.${what !== '' ? ` No ${what} were traced.` : ''}\n`);
    return EXIT_INTERRUPTED;
  }
  for (const end of result.branch.ends) {
    if (end.reason !== 'bound') io.stderr.write(`meanfield: note: ${optionWords(end.message)}\n`);
  }
  if (curves !== null && curveNotes(curves.runs, io)) return EXIT_INTERRUPTED;
  if (cycles !== null && cycleNotes(cycles.runs, io)) return EXIT_INTERRUPTED;
  return run.interrupted || curves?.interrupted === true || cycles?.interrupted === true ? EXIT_INTERRUPTED : EXIT_OK;
}

/**
 * Runs a queue of requests after the branch (./job-queue.ts) on the engine worker of `io`, with the
 * progress line `line(i, detail)` of request i on an interactive stderr (cleared at the end).
 */
async function queueWithProgress<T>(io: CliIo, line: (i: number, detail: string) => string, run: (queue: QueueOptions) => Promise<T>): Promise<T> {
  const showProgress = isTerminal(io);
  try {
    return await run({
      workerPath: engineWorkerPath(io),
      inProcessMs: IN_PROCESS_MS,
      onProgress: showProgress ? (i, detail) => io.stderr.write(`\r${line(i, detail)}\x1b[K`) : undefined,
    });
  } finally {
    if (showProgress) io.stderr.write('\r\x1b[K');
  }
}

/**
 * The limit cycles of `--cycles` from the branch's Hopf points, traced in this process a slice at a
 * time (./job-queue.ts runSliced: Ctrl+C stops the family being traced and keeps its points so
 * far), with a progress line on a terminal. A family's first trace in a process is mostly the
 * compiler warming up on the collocation kernels; a worker thread would add its own start-up and
 * warm-up to that. A Hopf point where a family traced before ends is not started again (the same
 * family, traced back); a note says so.
 */
async function traceCycles(opts: ContinueOptions, request: ContinuationRequest, branch: Branch, def: ModelDef | undefined, io: CliIo) {
  const requests = cycleRequests(opts, request, branch, def);
  if (requests.length === 0) {
    io.stderr.write(`meanfield: note: the branch has no Hopf (HB) point in [${request.bounds[0]}, ${request.bounds[1]}]: no limit cycles to continue\n`);
    return { runs: [], interrupted: false };
  }
  const skip = (r: (typeof requests)[number], done: readonly CycleRun[]): boolean => {
    const by = done.find((d) => 'result' in d && d.result.branch !== null && sameFamily(d.result.branch, r, branch));
    if (by !== undefined) io.stderr.write(`meanfield: note: the cycles from ${by.request.start.label} end at ${r.start.label}: the family is listed once\n`);
    return by !== undefined;
  };
  const { cycleRequestSteps } = await import('../engine/run-cycle-request');
  const { traceDetail } = await import('../engine/progress-detail');
  const param = request.param;
  return queueWithProgress(
    io,
    (i, detail) => `cycles ${i + 1}/${requests.length}  from ${requests[i].start.label}: ${detail}`,
    (queue) =>
      runSliced<'cycle'>(
        requests,
        (r, isCancelled, progress) => cycleRequestSteps(r, { isCancelled, onProgress: (info) => progress(traceDetail(info.points, param, info.p)) }),
        { onProgress: queue.onProgress, skip },
      ),
  );
}

/** Notes on stderr for cycle families that could not be traced or ended early; true when one was interrupted. */
function cycleNotes(runs: readonly CycleRun[], io: CliIo): boolean {
  let interrupted = false;
  for (const run of runs) {
    const id = `cycles from ${run.request.start.label}`;
    if (!('result' in run)) io.stderr.write(`meanfield: note: ${id}: could not be traced: ${run.error}\n`);
    else if (run.result.status === 'noStart') io.stderr.write(`meanfield: note: ${id}: none: ${optionWords(run.result.message)}\n`);
    else if (run.result.status === 'cancelled') {
      interrupted = true;
      io.stderr.write(`meanfield: interrupted: ${id}: ${run.result.message} The branch and the cycles traced so far were written.\n`);
    } else {
      const end = run.result.branch?.ends[1];
      if (end !== undefined && end.reason !== 'bound' && end.reason !== 'hopf') io.stderr.write(`meanfield: note: ${id}: ${optionWords(end.message)}\n`);
    }
    const mesh = 'result' in run && run.result.branch !== null ? unresolvedStretch(run.result.branch) : null;
    if (mesh !== null) io.stderr.write(`meanfield: warning: ${id}: ${mesh.text} Trace the family again with a larger --ntst.\n`);
  }
  return interrupted;
}

/**
 * The curves of `--curves` from the branch's LP and HB points (../cli/curve-runner.ts: in this
 * process first, then on a worker thread that Ctrl+C stops), with a progress line on a terminal.
 */
async function traceCurves(opts: ContinueOptions, request: ContinuationRequest, branch: Branch, def: ModelDef | undefined, io: CliIo) {
  const requests = curveRequests(opts.curves ?? [], request, branch, def);
  if (requests.length === 0) {
    io.stderr.write(`meanfield: note: the branch has no fold (LP) or Hopf (HB) point in [${request.bounds[0]}, ${request.bounds[1]}]: no curves to trace\n`);
    return { runs: [], interrupted: false };
  }
  const { runCurves } = await import('./curve-runner');
  return queueWithProgress(
    io,
    (i, detail) => {
      const r = requests[i];
      const what = `${r.type === 'fold' ? 'fold' : 'Hopf'} curve from ${r.start.label} in (${r.params[0]}, ${r.params[1]})`;
      return `curves ${i + 1}/${requests.length}  ${what}: ${detail}`;
    },
    (queue) => runCurves(requests, queue),
  );
}

/** Notes on stderr for curves that could not be traced or ended early; true when one was interrupted. */
function curveNotes(runs: readonly CurveRun[], io: CliIo): boolean {
  let interrupted = false;
  for (const run of runs) {
    const id = curveId(run);
    if (!('result' in run)) io.stderr.write(`meanfield: note: ${id}: the curve could not be traced: ${run.error}\n`);
    else if (run.result.status === 'noStart') io.stderr.write(`meanfield: note: ${id}: no ${run.request.type} curve: ${run.result.message}\n`);
    else if (run.result.status === 'cancelled') {
      interrupted = true;
      io.stderr.write(`meanfield: interrupted: ${id}: ${run.result.message} The branch and the curves traced so far were written.\n`);
    } else {
      for (const end of run.result.curve?.ends ?? []) if (end.reason !== 'bound') io.stderr.write(`meanfield: note: ${id}: ${optionWords(end.message)}\n`);
    }
  }
  return interrupted;
}

/** `meanfield export`: the model as PyRates YAML or model JSON, to --out or standard output. */
async function exportCommand(opts: ExportOptions, io: CliIo): Promise<number> {
  const { def } = commandModel(opts, io);
  const { exportText } = await import('./export');
  const text = exportText(def, opts.format);
  checkOut(opts.out);
  return (await emit(opts.out, io, [text])) ? EXIT_OK : EXIT_FAILED;
}

/**
 * V8 flags for a command-line process about to run `argv` (bin/meanfield.mjs applies them with
 * v8.setFlagsFromString after loading the command, since V8 takes the code cache only under the
 * flags it was made with; they apply to what is compiled afterwards). A `continue` trace runs in
 * this process for milliseconds, so for `continue`:
 * - a larger interrupt budget: V8's default one sends the trace's functions to the optimising
 *   compiler after a few points, and compiling them costs more than the whole trace gains (a fresh
 *   process traced ik_nodim over g in [0, 3] in about 85 ms by default, about 55 ms with an eight
 *   times larger budget, before the later changes);
 * - `--liftoff-only`: the engine's WebAssembly keeps the code of V8's baseline compiler, which it
 *   makes at once, instead of being compiled again by the optimising compiler on V8's other
 *   threads once it runs often. That second compile took about 15 ms of those threads' time during
 *   a first trace, which then waited for a core on a busy machine (pinned to one core, the first
 *   trace of ik_nodim took 36 ms with it and 20 ms without); WebAssembly computes the same numbers
 *   either way;
 * - `--expose-gc`, so that the trace can start with a scavenge (./young-heap.ts).
 * A simulation's long loops on a worker are better served by the defaults, so other commands keep them.
 */
export function v8FlagsFor(argv: readonly string[]): string | null {
  return argv[0] === 'continue' ? `--interrupt-budget=1048576 --liftoff-only ${EXPOSE_GC_FLAG}` : null;
}

/**
 * This process's standard streams, each looked up only when a command first writes to it: Node
 * creates a stream object on first use, loading its stream and terminal code, which a `continue`
 * writing to --out with nothing to say on stderr need not wait for.
 */
export function processIo(): CliIo {
  return {
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
  };
}

/** Runs the command line `argv` (the words after `meanfield`); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  // A trace's WebAssembly compiles on V8's threads while the command line is read (see continueCommand).
  if (argv[0] === 'continue') void precompileEngineWasm();
  try {
    const command = parseCommand(argv);
    switch (command.kind) {
      case 'help':
        io.stdout.write(command.topic !== undefined ? HELP[command.topic] : GENERAL_HELP);
        return EXIT_OK;
      case 'models':
        io.stdout.write(TEMPLATES.map((t) => formatModels([t]).trimEnd() + scenarioLines(t.name)).join('\n\n') + '\n');
        return EXIT_OK;
      case 'simulate':
        return await simulateCommand(command.options, io);
      case 'continue':
        return await continueCommand(command.options, io);
      case 'network':
        // The worker script lies next to this module (the network code may be bundled in another chunk).
        return await (
          await import('./network')
        ).networkCommand(command.options, {
          ...io,
          networkWorkerPath: io.networkWorkerPath ?? mainBuildScript('network-worker.js'),
        });
      case 'export':
        return await exportCommand(command.options, io);
      case 'validate':
        return await (await import('./project')).validateCommand(command.file, io.stdout, io.stderr);
      case 'run':
        // Runs go to an engine worker, as `simulate` does.
        return await (
          await import('./project')
        ).rerunCommand(command.file, command.out, io, async (request, _def, network) => {
          if (network !== undefined) {
            const { def: _unused, ...plain } = request;
            const n = await runJob({ ...plain, network }, io, 'network');
            if (!n.result) return { error: n.interrupted ? 'interrupted' : (n.error ?? 'failed') };
            const { status, message, t, names, columns, blowup, stats } = n.result;
            return {
              result: {
                status,
                message,
                t,
                names,
                columns,
                stats: { steps: stats.steps, rejectedSteps: 0, rhsEvaluations: 0, wallMs: stats.wallMs },
                ...(blowup ? { blowup } : {}),
              },
            };
          }
          const r = await runJob(request, io, 'simulation');
          return r.result ? { result: r.result } : { error: r.interrupted ? 'interrupted' : (r.error ?? 'failed') };
        });
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

// `node out/cli/cli.cjs ...` works too, without the code cache (bin/meanfield.mjs is the usual entry).
if (isMainThread && process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void runCli(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
