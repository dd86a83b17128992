/**
 * The spiking-network part of `npm run bench`: the engine's time per neuron-step (its WebAssembly
 * neuron loop, as the app and the CLI run it) on one and on two worker threads, the steady cost
 * without the threads' start-up as the C loops time their steps alone, against the plain C loop of
 * scripts/bench-c/ik_nodim_network.c (one thread; compiled with the system cc when present), and on
 * two threads also against the same loop split over two threads that meet once per step
 * (ik_nodim_network_threads.c: the meeting's cost on this machine, which one thread does not pay);
 * then one full run of the seed network (N = 10,000, T = 1000), directly and as the app runs it (a
 * 'network' job of the job service). *
 * Scenario: the network behind the PyRates example at g = 1.5 (ik_nodim, I_ext = 0.15 except 0 for
 * 400 <= t < 600), Euler dt = 1e-3, quantile heterogeneity, peak 200 with reflection. Timed pieces
 * of T = 50 (50,000 steps; the first time units are no cheaper than the rest). Medians of REPS
 * pairs of runs after a warm-up; nothing asserts. Each figure is given in wall time and in
 * processor time (of all threads of the process, i.e. per core; a machine busy with other work
 * inflates wall times far more), and the ratio to C in the same measure.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkRequest, Recovery } from '@shared/network/types';
import { startNetwork } from '../src-main/engine/network/parallel';
import { JobService } from '../src-main/services/jobs';
import { ROOT } from '../test/e2e/harness';

/** Pairs of runs per figure: at least 5, the steady costs being differences of two noisy wall times. */
const REPS = Math.max(5, Math.floor(Number(process.env.BENCH_REPS ?? 7) / 2));
const N = 10_000;
/** Steady costs come from runs of T = SHORT and SHORT + PIECE (see steady). */
const SHORT = 10;
const PIECE = 50;
const NETWORK_WORKER = join(ROOT, 'out/main/network-worker.js');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function seedNetwork(recovery: Recovery, tEnd: number): NetworkRequest {
  return {
    model: 'ik_nodim',
    params: { g: 1.5 },
    initial: {},
    inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] } },
    solver: { method: 'euler', dt: 1e-3, tEnd, sample: 0.1, cutoff: 0, rtol: 1e-3, atol: 1e-6 },
    network: { neurons: N, recovery },
  };
}

/** Wall and processor ns per neuron-step. */
interface Cost {
  wall: number;
  cpu: number;
}

/** The C loops, compiled: ns per neuron-step of a recovery on one thread or on `threads` threads. */
interface CLoops {
  one(recovery: Recovery): Cost;
  threads(recovery: Recovery, threads: number): Cost;
  dispose(): void;
}

/** The C loops of scripts/bench-c/ compiled with the system cc, or null without a C compiler. */
function cLoops(): CLoops | null {
  const dir = mkdtempSync(join(tmpdir(), 'mf-bench-net-'));
  const dispose = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const one = join(dir, 'ik_network');
    const many = join(dir, 'ik_network_threads');
    const flags = ['-O2', '-march=native'];
    execFileSync('cc', [...flags, '-o', one, join(ROOT, 'scripts/bench-c/ik_nodim_network.c'), '-lm'], { stdio: 'pipe' });
    execFileSync('cc', [...flags, '-pthread', '-o', many, join(ROOT, 'scripts/bench-c/ik_nodim_network_threads.c'), '-lm'], { stdio: 'pipe' });
    const ns = (exe: string, args: string[]): Cost => {
      const out = execFileSync(exe, args, { encoding: 'utf8' });
      return {
        wall: Number(/network median: [0-9.]+ s, ([0-9.]+) ns\/neuron-step/.exec(out)![1]),
        cpu: Number(/cpu median: [0-9.]+ s, ([0-9.]+) ns\/neuron-step/.exec(out)![1]),
      };
    };
    return {
      one: (recovery) => ns(one, [String(N), String(PIECE), recovery, String(REPS)]),
      threads: (recovery, threads) => ns(many, [String(N), String(PIECE), recovery, String(REPS), String(threads)]),
      dispose,
    };
  } catch (e) {
    console.log(`C network loops: not run (${(e as Error).message.split('\n')[0]})`);
    dispose();
    return null;
  }
}

/**
 * The engine's steady cost per neuron-step on `threads` worker threads (as the app and the CLI run
 * the network), without the threads' start and the run's set-up: the median over REPS pairs of runs
 * of T = SHORT and T = SHORT + PIECE of the difference in wall and processor time (all threads of the
 * process), divided by the PIECE's neuron-steps, as the C loop times its steps alone. Also the
 * median fixed cost per run (start-up): the short run's wall time less its steps at the steady cost.
 */
async function steady(recovery: Recovery, threads: number): Promise<Cost & { startup: number }> {
  const run = async (tEnd: number): Promise<Cost> => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await startNetwork(seedNetwork(recovery, tEnd), { threads, workerPath: NETWORK_WORKER }).done;
    const c = process.cpuUsage(c0);
    return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
  };
  await run(SHORT); // warm-up: the worker file in the OS cache
  const walls: number[] = [];
  const cpus: number[] = [];
  const startups: number[] = [];
  const work = (N * PIECE) / 1e-3;
  for (let k = 0; k < REPS; k++) {
    const short = await run(SHORT);
    const long = await run(SHORT + PIECE);
    walls.push(((long.wall - short.wall) * 1e6) / work);
    cpus.push(((long.cpu - short.cpu) * 1e6) / work);
    startups.push(short.wall - ((long.wall - short.wall) * SHORT) / PIECE);
  }
  return { wall: median(walls), cpu: median(cpus), startup: median(startups) };
}

export async function networkBench(): Promise<void> {
  console.log(`\nspiking network behind ik_nodim (g = 1.5, N = ${N.toLocaleString('en')}, Euler dt = 1e-3, pieces of T = ${PIECE}), ns per neuron-step:`);
  if (!existsSync(NETWORK_WORKER)) {
    console.log('  out/main/network-worker.js missing: run npm run build first');
    return;
  }
  const c = cLoops();
  const ratio = (x: number, ref: number | undefined): string => (ref === undefined ? '' : ` (${(x / ref).toFixed(2)}x C)`);
  const show = (x: Cost, ref: Cost | undefined): string =>
    `wall ${x.wall.toFixed(2)}${ratio(x.wall, ref?.wall)}, processor ${x.cpu.toFixed(2)}${ratio(x.cpu, ref?.cpu)}`;
  try {
    for (const recovery of ['individual', 'shared'] as const) {
      // Each C figure measured next to the engine's it is compared with (a shared machine drifts).
      const ref = c?.one(recovery);
      const one = await steady(recovery, 1);
      const ref2 = c?.threads(recovery, 2);
      const two = await steady(recovery, 2);
      console.log(`  ${recovery} recovery:`);
      if (ref) console.log(`    C loop (cc -O2 -march=native, one thread) ${show(ref, undefined)}`);
      console.log(`    engine, 1 worker thread                  ${show(one, ref)}`);
      console.log(
        `    engine, 2 worker threads                 ${show(two, ref)}; per core: wall x 2 = ${(2 * two.wall).toFixed(2)}${ratio(2 * two.wall, ref?.wall)}`,
      );
      if (ref2) {
        console.log(
          `    C loop on 2 threads (one meeting per step, as the engine): wall ${ref2.wall.toFixed(2)}, processor ${ref2.cpu.toFixed(2)}, per core: wall x 2 = ${(2 * ref2.wall).toFixed(2)};` +
            ` engine on 2 threads against it: processor ${(two.cpu / ref2.cpu).toFixed(2)}x, wall ${(two.wall / ref2.wall).toFixed(2)}x`,
        );
      }
      console.log(`    start-up per run (threads, set-up): ${one.startup.toFixed(0)} ms on 1 thread, ${two.startup.toFixed(0)} ms on 2`);
    }
  } finally {
    c?.dispose();
  }
  const t0 = performance.now();
  const full = await startNetwork(seedNetwork('shared', 1000), { threads: 2, workerPath: NETWORK_WORKER }).done;
  console.log(
    `  seed network run, N = ${N.toLocaleString('en')}, T = 1000 (10^10 neuron-steps), shared recovery, 2 threads: ${((performance.now() - t0) / 1000).toFixed(1)} s (${full.stats.spikes.toLocaleString('en')} spikes)`,
  );
  const direct = performance.now() - t0;
  const app = await appJob(seedNetwork('shared', 1000));
  console.log(
    `  the same run as the app runs it (a network job of the job service: engine worker, 2 network threads, progress polled every 80 ms): ${(app / 1000).toFixed(1)} s (${(app / direct).toFixed(2)}x the direct run)`,
  );
}

/** Wall milliseconds of `request` as a 'network' job of the JobService, polled as the app polls. */
async function appJob(request: NetworkRequest): Promise<number> {
  const jobs = new JobService({ workerPath: join(ROOT, 'out/main/worker.js'), poolSize: 1, networkThreads: 2 });
  const t0 = performance.now();
  const id = jobs.start(request, 'network');
  try {
    for (;;) {
      await new Promise((r) => setTimeout(r, 80));
      const p = jobs.poll(id);
      if (p.state === 'running') continue;
      if (p.state !== 'finished') throw new Error(`the network job did not finish: ${JSON.stringify(p).slice(0, 200)}`);
      return performance.now() - t0;
    }
  } finally {
    jobs.dispose();
  }
}
