/**
 * `npm run bench`: speed of the engine on the seed scenario, against the plain C loop of
 * scripts/bench-c/ when gcc is present, and the whole app path for one run.
 *
 * Prints medians of repeated runs and ratios measured in this run (machines are noisy: compare
 * within one run, never across machines). Nothing here is a test; nothing asserts.
 *
 * Scenario (PyRates' documentation example): ik_nodim, defaults (g = 0.5), y0 = 0, T = 1000,
 * dt = 5e-4 (2,000,000 steps), I_ext = 0.15 except 0 for 400 <= t < 600, samples every 0.01.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { chromium } from 'playwright-core';
import { importPyratesModel, importPyratesModels } from '@shared/models/pyrates';
import { getTemplate } from '@shared/models/templates';
import { IK_YAML } from '@shared/models/templates/ik-yaml';
import type { Method, SimulationRequest, SimulationResult } from '@shared/simulation/types';
import { compileModel } from '../src-main/engine/compile';
import { simulate } from '../src-main/engine/simulate';
import { JobService } from '../src-main/services/jobs';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, WORKER_JS } from '../test/e2e/harness';
import { modelBench } from './bench-model';
import { networkBench } from './bench-network';

const REPS = Number(process.env.BENCH_REPS ?? 7);
const STEPS = 2_000_000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number): string => `${x.toFixed(1)} ms`;

function seedRequest(method: Method): SimulationRequest {
  return {
    model: 'ik_nodim',
    params: { g: 0.5 },
    initial: {},
    inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] } },
    solver: { method, dt: 5e-4, tEnd: 1000, sample: 0.01, cutoff: 0, rtol: 1e-3, atol: 1e-6 },
  };
}

/** Compiles and runs the C loop; returns its median seconds per method, or null without gcc. */
function cLoop(): { rk4: number; euler: number } | null {
  const src = join(ROOT, 'scripts/bench-c/ik_nodim_fixed_step.c');
  if (!existsSync(src)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'mf-bench-'));
  try {
    const exe = join(dir, 'ik_fixed_step');
    execFileSync('gcc', ['-O2', '-march=native', '-o', exe, src, '-lm'], { stdio: 'pipe' });
    const out = execFileSync(exe, ['0.5', String(REPS)], { encoding: 'utf8' });
    const pick = (name: string): number => Number(new RegExp(`${name} median: ([0-9.eE+-]+) s`).exec(out)![1]);
    return { rk4: pick('rk4'), euler: pick('euler') };
  } catch (e) {
    console.log(`C loop: not run (${(e as Error).message.split('\n')[0]})`);
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function engineMedian(method: Method): { seconds: number; result: SimulationResult } {
  const model = compileModel(getTemplate('ik_nodim')!);
  const req = seedRequest(method);
  simulate(model, req); // warm-up: JIT
  const times: number[] = [];
  let result!: SimulationResult;
  for (let k = 0; k < REPS; k++) {
    const t0 = performance.now();
    result = simulate(model, req);
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(times), result };
}

/** Worker job: start -> result in the main thread (compile, integrate, transfer). */
async function workerPath(): Promise<{ ms: number; result: SimulationResult }> {
  const jobs = new JobService({ workerPath: WORKER_JS, poolSize: 1 });
  const runOnce = async (): Promise<{ ms: number; result: SimulationResult }> => {
    const t0 = performance.now();
    const id = jobs.start(seedRequest('rk4'));
    for (;;) {
      const p = jobs.poll(id);
      if (p.state === 'finished') return { ms: performance.now() - t0, result: p.result };
      if (p.state === 'failed' || p.state === 'unknown') throw new Error(`job ${p.state}`);
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  try {
    await runOnce(); // start the worker thread and warm it up
    const runs: { ms: number; result: SimulationResult }[] = [];
    for (let k = 0; k < REPS; k++) runs.push(await runOnce());
    const m = median(runs.map((r) => r.ms));
    return { ms: m, result: runs[0].result };
  } finally {
    await jobs.dispose();
  }
}

/** Electron IPC clones with the structured-clone algorithm; v8.serialize is the same serializer. */
function cloneMs(result: SimulationResult): number {
  const times: number[] = [];
  for (let k = 0; k < REPS; k++) {
    const t0 = performance.now();
    deserialize(serialize(result));
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** What the bench page offers (uPlot's IIFE build defines the global `uPlot`). */
interface PageGlobals {
  document: { getElementById(id: string): { innerHTML: string } | null };
  uPlot: new (opts: object, data: Float64Array[], el: object) => object;
}

/** uPlot drawing 4 series of the run in headless Chromium, timed inside the page up to the draw hook. */
async function chartMs(result: SimulationResult): Promise<number | null> {
  if (!existsSync(CHROMIUM)) return null;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.setContent('<div id="c"></div>');
    await page.addStyleTag({ content: readFileSync(join(ROOT, 'node_modules/uplot/dist/uPlot.min.css'), 'utf8') });
    await page.addScriptTag({ content: readFileSync(join(ROOT, 'node_modules/uplot/dist/uPlot.iife.min.js'), 'utf8') });
    const cols = [result.t, ...result.columns].map((c) => Array.from(c));
    return await page.evaluate(async (raw: number[][]) => {
      // Runs in the page: the node typings have no DOM, so name what is used.
      const g = globalThis as unknown as PageGlobals;
      const document = g.document;
      const data = raw.map((c) => Float64Array.from(c));
      const times: number[] = [];
      for (let k = 0; k < 5; k++) {
        const el = document.getElementById('c')!;
        el.innerHTML = '';
        const t0 = performance.now();
        const drawn = new Promise<number>((ok) => {
          const opts = {
            width: 1100,
            height: 600,
            scales: { x: { time: false } },
            series: [{}, ...data.slice(1).map((_, i) => ({ label: `y${i}`, stroke: '#0072B2' }))],
            hooks: { draw: [() => ok(performance.now() - t0)] },
          };
          new g.uPlot(opts, data, el);
        });
        times.push(await drawn);
      }
      times.sort((a, b) => a - b);
      return times[2];
    }, cols);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  console.log(`MeanField Studio bench — seed scenario (ik_nodim, T = 1000, dt = 5e-4, ${STEPS.toLocaleString('en')} steps), ${REPS} reps, medians\n`);
  const c = cLoop();
  if (c)
    console.log(
      `C loop (gcc -O2 -march=native): rk4 ${ms(c.rk4 * 1e3)} (${((c.rk4 / STEPS) * 1e9).toFixed(1)} ns/step), euler ${ms(c.euler * 1e3)} (${((c.euler / STEPS) * 1e9).toFixed(1)} ns/step)`,
    );
  else console.log('C loop: gcc or scripts/bench-c/ik_nodim_fixed_step.c not available, ratios omitted');

  for (const method of ['rk4', 'euler', 'dopri5'] as const) {
    const { seconds, result } = engineMedian(method);
    const steps = result.stats.steps;
    let line = `engine ${method.padEnd(6)}: ${ms(seconds * 1e3)}, ${steps.toLocaleString('en')} steps`;
    if (method === 'dopri5') {
      line += ` (${result.stats.rejectedSteps} rejected, ${result.stats.rhsEvaluations} rhs evaluations; rtol 1e-3, atol 1e-6)`;
    } else {
      line += `, ${((seconds / steps) * 1e9).toFixed(1)} ns/step`;
      if (c) line += `, ratio to C ${(seconds / c[method]).toFixed(2)}x`;
    }
    console.log(line);
  }

  const w = await workerPath();
  const samples = w.result.t.length;
  const clone = cloneMs(w.result);
  const chart = await chartMs(w.result);
  console.log(`\napp path for one seed run (${samples.toLocaleString('en')} samples x ${w.result.columns.length} variables, rk4):`);
  console.log(`  worker job (queue, compile, integrate, transfer to main): ${ms(w.ms)}`);
  console.log(`  IPC structured clone main -> renderer (v8 serializer):   ${ms(clone)}`);
  if (chart !== null) {
    console.log(`  chart drawn (uPlot, 4 series, headless Chromium):        ${ms(chart)}`);
    console.log(`  total:                                                    ${ms(w.ms + clone + chart)}`);
  } else console.log('  chart: Chromium not found, not measured');
  modelBench();
  await continuationBench();
  await hopfCurveBench();
  await cycleBench();
  await projectBench();
  stiffBench();
  pyratesImportBench();
  await networkBench();
}

/**
 * PyRates model files: importing the built-in model file (its three templates, as every process
 * does once at start-up) and the three-node Jansen-Rit circuit of the test fixtures (three files);
 * medians of 30 runs in this warm process.
 */
function pyratesImportBench(): void {
  const builtIn = { read: (path: string) => (path === 'ik.yaml' ? IK_YAML : undefined) };
  const fixtures = {
    read: (path: string) =>
      existsSync(join(ROOT, 'test/fixtures/pyrates', path)) ? readFileSync(join(ROOT, 'test/fixtures/pyrates', path), 'utf8') : undefined,
  };
  const timed = (f: () => unknown): number => {
    const times: number[] = [];
    for (let k = 0; k < 30; k++) {
      const t0 = performance.now();
      f();
      times.push(performance.now() - t0);
    }
    return median(times);
  };
  console.log('\nPyRates model files (import = read YAML, inherit, flatten, check), medians of 30:');
  console.log(
    `  built-in ik.yaml, three templates without LaTeX: ${ms(timed(() => importPyratesModels(builtIn, 'ik.yaml', ['ik_nodim', 'ik_eta', 'ik_theta'], { latex: false })))}`,
  );
  console.log(
    `  Jansen-Rit JRC (3 nodes, 3 files, LaTeX made):    ${ms(timed(() => importPyratesModel(fixtures, 'model_templates/neural_mass_models/jansenrit.yaml', 'JRC')))}`,
  );
}

/**
 * Equilibrium continuation: the full trace of ik_nodim's branch in g in [0, 3] at I_ext = 0.15
 * (start, both directions, eigenvalues at every point, detection and location of the Hopf points,
 * first Lyapunov coefficients), compiled model reused as in the worker; median of REPS runs after a warm-up.
 */
async function continuationBench(): Promise<void> {
  const { runContinuation } = await import('../src-main/engine/continuation/run');
  const { DEFAULT_CONTINUATION } = await import('@shared/continuation/types');
  const model = compileModel(getTemplate('ik_nodim')!);
  const req = {
    model: 'ik_nodim',
    params: {},
    initial: {},
    inputs: { I_ext: 0.15 },
    param: 'g',
    bounds: [0, 3] as [number, number],
    settings: { ...DEFAULT_CONTINUATION },
  };
  // The first trace in a fresh process runs before the JIT has optimised the hot paths (what a
  // user sees on the first Trace after start); later traces reuse the optimised code.
  const t0 = performance.now();
  let result = runContinuation(model, req);
  const cold = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t1 = performance.now();
    result = runContinuation(model, req);
    times.push(performance.now() - t1);
  }
  const special = result.branch?.special.map((s) => `${s.label} g = ${s.p.toFixed(7)} (${s.criticality})`).join(', ');
  console.log(`\ncontinuation, ik_nodim g in [0, 3] at I_ext = 0.15 (${result.stats.points} points, ${special}):`);
  console.log(`  engine full trace with detection, location and l1: first run ${ms(cold)}, then median ${ms(median(times))} of 30 (target < 50 ms)`);
  const fresh = freshProcessTrace();
  if (fresh !== null) {
    console.log(
      `  first trace in a fresh process (the built \`meanfield continue\` once it is loaded with its code cache): median ${ms(fresh.trace)} of ${fresh.runs},` +
        ` target at most 30 ms beyond the command's start-up (AUTO-07p: about 30 ms per run); whole process ${ms(fresh.withTrace)} vs ${ms(fresh.loadOnly)}` +
        ` loading the module only (difference ${ms(fresh.withTrace - fresh.loadOnly)}); without the code cache ${ms(fresh.withoutCache)}; warm median above`,
    );
    console.log(
      `  of that first trace (writing its JSON to a file: median ${ms(fresh.traceWithFile)}), the engine (start search, ${fresh.points} points with their` +
        ` eigenvalues, ${fresh.newtonIterations} Newton iterations, detection, l1) takes a median ${ms(fresh.engine)}; the rest is model compilation, option checks and output`,
    );
    if (fresh.pageFaults !== null) {
      console.log(`  page faults of the main thread during that first trace (memory touched for the first time): median ${fresh.pageFaults}`);
    }
  }
  console.log('  AUTO-07p on this machine kind: 0.01-0.07 s per run, plus its Fortran build');
  await farStartBench();
}

/** The figures of freshProcessTrace (medians, ms). */
interface FreshTrace {
  trace: number;
  /** The same trace loaded without the code cache (every function compiled on first use). */
  withoutCache: number;
  withTrace: number;
  loadOnly: number;
  runs: number;
  /** Medians of the stats of the runs that wrote their JSON: engine time, points, Newton iterations; and their whole trace. */
  engine: number;
  traceWithFile: number;
  points: number;
  newtonIterations: number;
  /** Page faults of the main thread during the trace (Linux; null elsewhere). */
  pageFaults: number | null;
}

/**
 * Fresh node processes: one loads the built CLI as bin/meanfield.mjs does (out/cli/cli.cjs with its
 * code cache, bin/load-cli.mjs) and runs the trace `continue --model ik_nodim --param g --from 0
 * --to 3 --input I_ext=0.15` (output discarded), timing the trace itself after the load; the other
 * only loads the CLI. Medians of at least 15 runs each, interleaved. A third kind writes the JSON to
 * a file and reads its stats: the engine's own time (runContinuation: start search, points with
 * their eigenvalues, detection, l1), the rest of the trace being model compilation, option checks
 * and output. Null when the build is missing.
 */
function freshProcessTrace(): FreshTrace | null {
  if (!existsSync(join(ROOT, 'out/cli/cli.cjs'))) return null;
  const script = [
    // process.hrtime, not performance.now(): Node makes the global `performance` on first use (a few
    // ms), which the command itself no longer pays; timing with it would hide that cost if it came back.
    'const now = () => { const t = process.hrtime(); return t[0] * 1e3 + t[1] * 1e-6; };',
    'const t0 = now();',
    // Minor page faults of this thread so far (Linux's /proc/thread-self/stat, field 10), or null.
    "const { existsSync, readFileSync } = await import('node:fs');",
    "const faults = () => (existsSync('/proc/thread-self/stat') ? Number(readFileSync('/proc/thread-self/stat', 'latin1').split(') ')[1].split(' ')[7]) : null);",
    'const { loadCli } = await import(process.argv[2]);',
    "const { runCli, v8FlagsFor } = loadCli({ cache: process.argv[3] !== 'nocache' }).cli;",
    "const argv = ['continue', '--model', 'ik_nodim', '--param', 'g', '--from', '0', '--to', '3', '--input', 'I_ext=0.15', '--out', process.argv[4]];",
    '// As bin/meanfield.mjs does.',
    "if (process.argv[3] !== 'load') (await import('node:v8')).setFlagsFromString(v8FlagsFor(argv));",
    'const f1 = faults();',
    'const t1 = now();',
    "if (process.argv[3] !== 'load') await runCli(argv);",
    'const t2 = now();',
    'const f2 = faults();',
    "const stats = process.argv[3] === 'stats' ? JSON.parse(readFileSync(process.argv[4], 'utf8')).stats : null;",
    'process.stdout.write(JSON.stringify({ load: t1 - t0, trace: t2 - t1, stats, faults: f1 === null || f2 === null ? null : f2 - f1 }));',
  ].join('\n');
  const url = pathToFileURL(join(ROOT, 'bin/load-cli.mjs')).href;
  // A script file, not `-e`: node flags such as --input-type would pass on to the engine worker.
  const scriptFile = join(mkdtempSync(join(tmpdir(), 'meanfield-bench-')), 'fresh.mjs');
  writeFileSync(scriptFile, script);
  type Stats = { wallMs: number; points: number; newtonIterations: number };
  const jsonFile = join(dirname(scriptFile), 'branch.json');
  const run = (mode: string): { wall: number; trace: number; stats: Stats | null; faults: number | null } => {
    const t0 = performance.now();
    const out = execFileSync(process.execPath, [scriptFile, url, mode, mode === 'stats' ? jsonFile : devNull], { encoding: 'utf8' });
    const wall = performance.now() - t0;
    const r = JSON.parse(out) as { trace: number; stats: Stats | null; faults: number | null };
    return { wall, trace: r.trace, stats: r.stats, faults: r.faults };
  };
  const traced: { wall: number; trace: number; faults: number | null }[] = [];
  const loaded: number[] = [];
  const uncached: number[] = [];
  const withStats: { trace: number; stats: Stats }[] = [];
  // Fresh processes are noisy (shared machines): at least 15 of each, interleaved.
  const runs = Math.max(REPS, 15);
  for (let k = 0; k < runs; k++) {
    traced.push(run('trace'));
    loaded.push(run('load').wall);
    uncached.push(run('nocache').trace);
    const s = run('stats');
    if (s.stats !== null) withStats.push({ trace: s.trace, stats: s.stats });
  }
  rmSync(dirname(scriptFile), { recursive: true, force: true });
  return {
    trace: median(traced.map((r) => r.trace)),
    withoutCache: median(uncached),
    withTrace: median(traced.map((r) => r.wall)),
    loadOnly: median(loaded),
    runs,
    engine: median(withStats.map((r) => r.stats.wallMs)),
    traceWithFile: median(withStats.map((r) => r.trace)),
    points: median(withStats.map((r) => r.stats.points)),
    newtonIterations: median(withStats.map((r) => r.stats.newtonIterations)),
    pageFaults: traced.every((r) => r.faults !== null) ? median(traced.map((r) => r.faults as number)) : null,
  };
}

/**
 * Two-parameter curves: the Hopf curve of ik_nodim in (g, eta) at I_ext = 0.15 through HB1 of the
 * branch in g, traced both ways across g in [0, 3] (eta in [-1, 1]); median of REPS after a warm-up.
 */
async function hopfCurveBench(): Promise<void> {
  const { runContinuation } = await import('../src-main/engine/continuation/run');
  const { traceCurve } = await import('../src-main/engine/curves/trace');
  const { DEFAULT_CONTINUATION } = await import('@shared/continuation/types');
  const model = compileModel(getTemplate('ik_nodim')!);
  const branch = runContinuation(model, {
    model: 'ik_nodim',
    params: {},
    initial: {},
    inputs: { I_ext: 0.15 },
    param: 'g',
    bounds: [0, 3],
    settings: { ...DEFAULT_CONTINUATION },
  }).branch;
  const hb = branch?.special.find((s) => s.label === 'HB1');
  if (hb === undefined) {
    console.log('\nHopf curve: no HB1 on the branch in g, skipped');
    return;
  }
  const req = {
    kind: 'hopf' as const,
    params: ['g', 'eta'] as [string, string],
    values: { I_ext: 0.15 },
    start: { x: hb.x, p: [hb.p, 0] as [number, number], omega: hb.omega },
    bounds: { g: [0, 3] as [number, number], eta: [-1, 1] as [number, number] },
  };
  let curve = traceCurve(model, req);
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    curve = traceCurve(model, req);
    times.push(performance.now() - t0);
  }
  console.log(
    `\nHopf curve, ik_nodim (g, eta) through HB1 at I_ext = 0.15, g in [0, 3] (${curve.points.length} points, both directions; codimension-two tests on, found: ${curve.special.map((s) => s.kind).join(', ') || 'none'}):`,
  );
  console.log(`  engine trace: median ${ms(median(times))} of ${REPS}`);
  cliCurvesBench();
}

/**
 * The built `meanfield continue` in fresh processes, alone and with `--curves eta:-1:1` (the Hopf
 * curves from HB1 and HB2 of the branch in g at I_ext = 0.15): median wall times of REPS runs
 * each, output discarded. Skipped when the build is missing.
 */
function cliCurvesBench(): void {
  const bin = join(ROOT, 'bin/meanfield.mjs');
  if (!existsSync(join(ROOT, 'out/cli/cli.cjs'))) return;
  const base = ['continue', '--model', 'ik_nodim', '--param', 'g', '--from', '0', '--to', '3', '--input', 'I_ext=0.15', '--out', devNull];
  const wall = (args: string[]): number => {
    const t0 = performance.now();
    execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    return performance.now() - t0;
  };
  const plain: number[] = [];
  const curves: number[] = [];
  for (let k = 0; k < REPS; k++) {
    plain.push(wall(base));
    curves.push(wall([...base, '--curves', 'eta:-1:1']));
  }
  console.log(
    `  \`meanfield continue ... --curves eta:-1:1\` (branch and both Hopf curves, fresh process): median ${ms(median(curves))} of ${REPS}` +
      `, against ${ms(median(plain))} for the branch alone (the curves: ${ms(median(curves) - median(plain))})`,
  );
}

/**
 * The built `meanfield continue` over g in [0, 3] at I_ext = 0.15 in fresh processes, with and
 * without `--cycles` (the cycle family from HB1 through the LPC to HB2), interleaved: medians of
 * REPS runs each and the median of the paired differences (the cost of the cycles beyond the
 * command's start-up and branch), output discarded. Skipped when the build is missing.
 */
function cliCyclesBench(): void {
  const bin = join(ROOT, 'bin/meanfield.mjs');
  if (!existsSync(join(ROOT, 'out/cli/cli.cjs'))) return;
  const base = ['continue', '--model', 'ik_nodim', '--param', 'g', '--from', '0', '--to', '3', '--input', 'I_ext=0.15', '--out', devNull];
  const wall = (args: string[]): number => {
    const t0 = performance.now();
    execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return performance.now() - t0;
  };
  const plain: number[] = [];
  const cycles: number[] = [];
  const beyond: number[] = [];
  for (let k = 0; k < REPS; k++) {
    plain.push(wall(base));
    cycles.push(wall([...base, '--cycles']));
    beyond.push(cycles[k] - plain[k]);
  }
  const b = median(beyond);
  const verdict = b <= 100 ? 'meets the aim' : b <= 400 ? 'meets the goal, not the aim' : 'misses the goal';
  console.log(
    `  fresh process, \`meanfield continue ... --cycles\`: median ${ms(median(cycles))} of ${REPS}, against ${ms(median(plain))} without --cycles;` +
      ` the cycles beyond start-up and branch (median of paired differences): ${ms(b)} (goal 400 ms, aim 100 ms: ${verdict})`,
  );
}

/**
 * Periodic orbits: the cycle family of ik_nodim born at HB1 (I_ext = 0.15), continued in g through
 * its fold of cycles back to HB2, at the default mesh; median of REPS after a warm-up, the warm-up
 * itself (the first trace in the process, which a single command pays), the work counts, and the
 * same family in fresh processes of the built command (cliCyclesBench).
 */
async function cycleBench(): Promise<void> {
  const { runContinuation } = await import('../src-main/engine/continuation/run');
  const { traceCycles } = await import('../src-main/engine/cycles/trace-cycles');
  const { DEFAULT_CONTINUATION } = await import('@shared/continuation/types');
  const model = compileModel(getTemplate('ik_nodim')!);
  const branch = runContinuation(model, {
    model: 'ik_nodim',
    params: {},
    initial: {},
    inputs: { I_ext: 0.15 },
    param: 'g',
    bounds: [0, 3],
    settings: { ...DEFAULT_CONTINUATION },
  }).branch;
  const hb = branch?.special.find((s) => s.label === 'HB1');
  if (hb === undefined || hb.omega === undefined) {
    console.log('\ncycles: no HB1 on the branch in g, skipped');
    return;
  }
  const req = { param: 'g', values: { I_ext: 0.15 }, start: { x: hb.x, p: hb.p, omega: hb.omega }, bounds: [0, 3] as [number, number] };
  // The first trace in the process (the JIT still compiling the hot loops), as a command pays it.
  const c0 = performance.now();
  let res = traceCycles(model, req);
  const cold = performance.now() - c0;
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    res = traceCycles(model, req);
    times.push(performance.now() - t0);
  }
  const lpc = res.special.find((s) => s.kind === 'LPC');
  const trivial = Math.max(...res.points.map((p) => p.trivialError));
  console.log(
    `\ncycles, ik_nodim in g from HB1 at I_ext = 0.15 through the LPC${lpc === undefined ? '' : ` (g = ${lpc.point.p.toFixed(10)})`} to HB2 (end: ${res.end.reason}; NTST = 80, NCOL = 4):`,
  );
  console.log(
    `  work: ${res.points.length} points (one Floquet computation each, from the factorisation of its tangent), ${res.iterations} Newton iterations, ${res.factorizations} factorisations; largest |trivial multiplier - 1| ${trivial.toExponential(1)}`,
  );
  console.log(
    `  engine trace: median ${ms(median(times))} of ${REPS} warm (aim 100 ms; AUTO-07p about 400 ms at NTST = 200); first trace in the process ${ms(cold)}`,
  );
  cliCyclesBench();
  await physicalCycleBench();
}

/**
 * A family in physical units: ik_eta (strong adaptation) from HB1 in I_ext over [0, 150] back to
 * HB2, with the default steps (a fraction of the start's size) and with the absolute steps of a
 * dimensionless model (dsMax 0.2); one warm run each, after the ik_nodim families above.
 */
async function physicalCycleBench(): Promise<void> {
  const { traceCycles } = await import('../src-main/engine/cycles/trace-cycles');
  const { scenarioHopf } = await import('../test/main/engine/fixtures/scenario-hopf');
  const { compiled: model, hopf, values } = scenarioHopf('ik_eta', 'strong-adaptation');
  const hb = hopf[0];
  if (hb === undefined || hb.omega === undefined) {
    console.log('  ik_eta (strong adaptation): no HB1 on the branch in I_ext, skipped');
    return;
  }
  const req = { param: 'I_ext', values, start: { x: hb.x, p: hb.p, omega: hb.omega }, bounds: [0, 150] as [number, number] };
  const timed = (settings?: { ds: number; dsMax: number }): string => {
    const t0 = performance.now();
    const res = traceCycles(model, settings ? { ...req, settings } : req);
    return `${res.points.length} points in ${ms(performance.now() - t0)}`;
  };
  const scaled = timed();
  const absolute = timed({ ds: 0.01, dsMax: 0.2 });
  console.log(
    `  ik_eta (strong adaptation) from HB1 in I_ext back to HB2, steps relative to the start's size: ${scaled}; with the absolute steps of ik_nodim: ${absolute}`,
  );
}

/**
 * Starts far from rest (ik_nodim, eta = 1e3 and 1e6 from the default initial state: the simulation
 * oscillates fast there, so the start comes from the capped simulation and the homotopy from
 * eta = 0): median time of the start search alone, and of the whole trace over [-1, eta].
 */
async function farStartBench(): Promise<void> {
  const { findEquilibrium } = await import('../src-main/engine/continuation/start');
  const { eqProblem } = await import('../src-main/engine/continuation/eq-problem');
  const { BorderedNewton } = await import('../src-main/engine/continuation/newton');
  const { runContinuation } = await import('../src-main/engine/continuation/run');
  const { DEFAULT_CONTINUATION } = await import('@shared/continuation/types');
  const def = getTemplate('ik_nodim')!;
  const model = compileModel(def);
  const k = model.paramNames.indexOf('eta');
  console.log('\ncontinuation from far starts, ik_nodim in eta from the default initial state:');
  for (const eta of [1e3, 1e6]) {
    const p = [...def.params.map((q) => (q.name === 'eta' ? eta : q.default)), 0];
    const starts: number[] = [];
    let via = '';
    for (let i = 0; i < REPS; i++) {
      const newton = new BorderedNewton(eqProblem(model, p, k));
      const t0 = performance.now();
      const found = findEquilibrium(
        newton,
        def.states.map((s) => s.initial),
        eta,
        DEFAULT_CONTINUATION,
        {},
        0,
      );
      starts.push(performance.now() - t0);
      via = found.status === 'ok' ? `${found.via}, ${found.stable ? 'stable' : 'unstable'}` : found.status;
    }
    const req = {
      model: 'ik_nodim',
      params: { eta },
      initial: {},
      inputs: {},
      param: 'eta',
      bounds: [-1, eta] as [number, number],
      settings: { ...DEFAULT_CONTINUATION },
    };
    const traces: number[] = [];
    let points = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      points = runContinuation(model, req).stats.points;
      traces.push(performance.now() - t0);
    }
    console.log(
      `  eta = ${eta}: start search median ${ms(median(starts))} (${via}); whole trace over [-1, ${eta}] median ${ms(median(traces))} (${points} points)`,
    );
  }
}

/** Opening and saving the shipped example project (two seed runs of 100,001 samples, one branch). */
async function projectBench(): Promise<void> {
  const { parseProjectFile, serializeProjectFile } = await import('../src-main/services/project-codec');
  const path = join(ROOT, 'examples/pyrates-izhikevich.mfproj');
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  const open: number[] = [];
  const save: number[] = [];
  for (let k = 0; k < REPS; k++) {
    const t0 = performance.now();
    const parsed = parseProjectFile(text);
    open.push(performance.now() - t0);
    if (!parsed.ok) throw new Error(`example does not open: ${parsed.errors[0]?.message}`);
    const t1 = performance.now();
    serializeProjectFile(parsed.project);
    save.push(performance.now() - t1);
  }
  console.log(`\nproject file examples/pyrates-izhikevich.mfproj (${(text.length / 1e6).toFixed(2)} MB):`);
  console.log(`  open (parse, validate, decode): ${ms(median(open))}; save (encode, serialize): ${ms(median(save))} (target: open < 500 ms)`);
}

/**
 * The stiff case: ik_nodim at tau = 1e-6 (r and v relax within ~1e-7, u and s move on times of
 * order 1), T = 10, samples every 0.1, default tolerances (rtol 1e-3, atol 1e-6). rodas4 and auto:
 * medians of REPS runs after a warm-up; dopri5 (held down by stability to ~44 million steps): one
 * run of the full case, no repeats.
 */
function stiffBench(): void {
  const model = compileModel(getTemplate('ik_nodim')!);
  const req = (method: Method): SimulationRequest => ({
    model: 'ik_nodim',
    params: { tau: 1e-6 },
    initial: {},
    inputs: {},
    solver: { method, dt: 0.1, tEnd: 10, sample: 0.1, cutoff: 0, rtol: 1e-3, atol: 1e-6 },
  });
  const timed = (method: Method, reps: number): { ms: number; result: SimulationResult } => {
    if (reps > 1) simulate(model, req(method)); // warm-up: JIT
    const times: number[] = [];
    let result!: SimulationResult;
    for (let k = 0; k < reps; k++) {
      const t0 = performance.now();
      result = simulate(model, req(method));
      times.push(performance.now() - t0);
    }
    return { ms: median(times), result };
  };
  console.log('\nstiff case, ik_nodim tau = 1e-6, T = 10, rtol 1e-3, atol 1e-6 (scipy LSODA: about 15 ms):');
  const rodas = timed('rodas4', REPS);
  const auto = timed('auto', REPS);
  const line = (name: string, r: { ms: number; result: SimulationResult }, note: string): void =>
    console.log(
      `  ${name.padEnd(7)} ${ms(r.ms).padStart(11)}, ${r.result.stats.steps.toLocaleString('en')} steps (${r.result.stats.rejectedSteps.toLocaleString('en')} rejected), ${r.result.stats.rhsEvaluations.toLocaleString('en')} rhs evaluations${note}`,
    );
  line('rodas4', rodas, `, median of ${REPS}`);
  line('auto', auto, `, median of ${REPS}; ${auto.result.message.split(';')[0]}`);
  const dopri = timed('dopri5', 1);
  line('dopri5', dopri, ', one run');
  console.log(
    `  ratio dopri5 / rodas4: ${(dopri.ms / rodas.ms).toFixed(0)}x in time, ${(dopri.result.stats.steps / rodas.result.stats.steps).toFixed(0)}x in steps; dopri5 / auto: ${(dopri.ms / auto.ms).toFixed(0)}x in time`,
  );
}

await main();
