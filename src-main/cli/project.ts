/**
 * `meanfield run FILE.mfproj [--out DIR]` and `meanfield validate FILE.mfproj`.
 *
 * run: opens the project as the app does (size limit, validation, migration), re-computes every
 * stored simulation (same engine; the caller supplies how: a worker job for templates) and every
 * branch (in-process, runContinuation), writes `run-<id>.csv` / `branch-<id>.csv` and
 * `summary.json` into DIR (default: `<file name without .mfproj>-rerun` next to the file), and
 * reports per run/branch whether the new result matches the stored one: same status and length,
 * and max |new - stored| <= tolerance, where tolerance = RERUN_REL_TOL * (1 + max |stored|) over
 * the compared values (NaN matches NaN). Exit 0 when all match, 1 when any differ or fail.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { ContinuationResult } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { formatIssues } from '@shared/project/parse';
import { PROJECT_EXTENSION, type Project } from '@shared/project/types';
import type { SimulationRequest, SimulationResult } from '@shared/simulation/types';
import { compileModel } from '../engine/compile';
import { runContinuation } from '../engine/continuation/run';
import { simulate } from '../engine/simulate';
import { openProjectFile } from '../services/project-file';
import { continuationCsv } from './continue';
import { csvChunks } from './format';

/** Relative tolerance of the re-run comparison (the engine is deterministic; this absorbs libm differences). */
export const RERUN_REL_TOL = 1e-6;

export type SimulationRunner = (request: SimulationRequest, def: ModelDef) => Promise<{ result?: SimulationResult; error?: string }>;

/** Runs in this process (custom models, and tests). */
export const inProcessRunner: SimulationRunner = async (request, def) => {
  try {
    const result = simulate(compileModel(def), request, { onProgress: () => {}, isCancelled: () => false });
    return { result };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
};

export interface Comparison {
  matches: boolean;
  maxAbsDiff: number;
  tolerance: number;
  note?: string;
}

/** max |a - b| over paired arrays (NaN = NaN; NaN vs a number = Infinity) and the tolerance. */
function compareArrays(stored: ArrayLike<number>[], fresh: ArrayLike<number>[]): Comparison {
  let maxDiff = 0;
  let scale = 0;
  for (let c = 0; c < stored.length; c++) {
    const a = stored[c], b = fresh[c];
    for (let i = 0; i < a.length; i++) {
      const x = a[i], y = b[i];
      if (Number.isFinite(x)) scale = Math.max(scale, Math.abs(x));
      if (Object.is(x, y) || x === y) continue;
      const d = Number.isNaN(x) || Number.isNaN(y) ? Infinity : Math.abs(x - y);
      if (!(d <= maxDiff)) maxDiff = Number.isNaN(d) ? Infinity : d;
    }
  }
  const tolerance = RERUN_REL_TOL * (1 + scale);
  return { matches: maxDiff <= tolerance, maxAbsDiff: maxDiff, tolerance };
}

export function compareSimulation(stored: SimulationResult, fresh: SimulationResult): Comparison {
  if (stored.status !== fresh.status || stored.t.length !== fresh.t.length) {
    return { matches: false, maxAbsDiff: Infinity, tolerance: 0, note: `stored ${stored.status} with ${stored.t.length} samples, re-run ${fresh.status} with ${fresh.t.length}` };
  }
  return compareArrays([stored.t, ...stored.columns], [fresh.t, ...fresh.columns]);
}

export function compareBranch(stored: ContinuationResult, fresh: ContinuationResult): Comparison {
  const a = stored.branch, b = fresh.branch;
  if (!a || !b || a.points.length !== b.points.length) {
    return { matches: false, maxAbsDiff: Infinity, tolerance: 0, note: `stored ${a?.points.length ?? 0} points, re-run ${b?.points.length ?? 0}` };
  }
  const labels = (r: typeof a) => r.special.map((s) => s.label).join(',');
  if (labels(a) !== labels(b)) {
    return { matches: false, maxAbsDiff: Infinity, tolerance: 0, note: `special points differ: stored ${labels(a) || 'none'}, re-run ${labels(b) || 'none'}` };
  }
  const cols = (r: typeof a) => [
    r.points.map((q) => q.p),
    ...r.stateNames.map((_, j) => r.points.map((q) => q.x[j])),
    r.special.map((s) => s.p),
    ...r.stateNames.map((_, j) => r.special.map((s) => s.x[j])),
  ];
  return compareArrays(cols(a), cols(b));
}

function modelLookup(project: Project): (name: string) => ModelDef | undefined {
  const custom = project.model.kind === 'custom' ? project.model.def : undefined;
  return (name) => (custom && custom.name === name ? custom : getTemplate(name));
}

export function defaultOutDir(file: string): string {
  const base = basename(file).endsWith(PROJECT_EXTENSION) ? basename(file).slice(0, -PROJECT_EXTENSION.length) : basename(file);
  return join(dirname(resolve(file)), `${base}-rerun`);
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toExponential(2) : String(x));

export async function validateCommand(file: string, out: Writable, err: Writable): Promise<number> {
  const opened = await openProjectFile(resolve(file));
  if (!opened.ok) {
    for (const line of formatIssues(opened.errors)) err.write(`${line}\n`);
    return 1;
  }
  for (const line of formatIssues(opened.warnings)) err.write(`warning: ${line}\n`);
  const p = opened.project;
  const migrated = opened.migratedFrom ? ` (format version ${opened.migratedFrom}, migrated)` : '';
  out.write(`${file}: valid project${migrated}: ${p.runs.length} run(s), ${p.branches.length} branch(es)\n`);
  return 0;
}

export async function rerunCommand(file: string, outDir: string | undefined, io: { stdout: Writable; stderr: Writable }, runner: SimulationRunner): Promise<number> {
  const opened = await openProjectFile(resolve(file));
  if (!opened.ok) {
    for (const line of formatIssues(opened.errors)) io.stderr.write(`${line}\n`);
    return 1;
  }
  const project = opened.project;
  const models = modelLookup(project);
  const dir = resolve(outDir ?? defaultOutDir(file));
  await mkdir(dir, { recursive: true });
  let allMatch = true;
  const runs: unknown[] = [];
  for (const run of project.runs) {
    const def = models(run.request.model)!;
    const fresh = await runner(run.request, def);
    const name = `run-${run.id}.csv`;
    if (!fresh.result) {
      allMatch = false;
      io.stdout.write(`run ${run.id}: FAILED (${fresh.error})\n`);
      runs.push({ id: run.id, error: fresh.error, matches: false });
      continue;
    }
    await writeFile(join(dir, name), [...csvChunks(fresh.result)].join(''));
    const c = compareSimulation(run.result, fresh.result);
    allMatch &&= c.matches;
    io.stdout.write(`run ${run.id} (${run.request.model}, ${fresh.result.t.length} samples): ${c.matches ? 'matches' : 'DIFFERS'}, max |Δ| = ${fmt(c.maxAbsDiff)}, tolerance ${fmt(c.tolerance)}${c.note ? ` (${c.note})` : ''}\n`);
    runs.push({ id: run.id, name: run.name ?? null, model: run.request.model, csv: name, status: fresh.result.status, samples: fresh.result.t.length, ...c, maxAbsDiff: String(c.maxAbsDiff) === 'Infinity' ? 'Infinity' : c.maxAbsDiff });
  }
  const branches: unknown[] = [];
  for (const entry of project.branches) {
    const def = models(entry.request.model)!;
    const name = `branch-${entry.id}.csv`;
    let fresh: ContinuationResult;
    try {
      fresh = runContinuation(compileModel(def), entry.request, {});
    } catch (e) {
      allMatch = false;
      const error = e instanceof Error ? e.message : String(e);
      io.stdout.write(`branch ${entry.id}: FAILED (${error})\n`);
      branches.push({ id: entry.id, error, matches: false });
      continue;
    }
    await writeFile(join(dir, name), [...continuationCsv(entry.request, fresh)].join(''));
    const c = compareBranch(entry.result, fresh);
    allMatch &&= c.matches;
    const special = fresh.branch?.special.map((s) => s.label).join(', ') || 'no special points';
    io.stdout.write(`branch ${entry.id} (${entry.request.param} in [${entry.request.bounds.join(', ')}], ${fresh.branch?.points.length ?? 0} points, ${special}): ${c.matches ? 'matches' : 'DIFFERS'}, max |Δ| = ${fmt(c.maxAbsDiff)}, tolerance ${fmt(c.tolerance)}${c.note ? ` (${c.note})` : ''}\n`);
    branches.push({ id: entry.id, param: entry.request.param, csv: name, status: fresh.status, points: fresh.branch?.points.length ?? 0, special: fresh.branch?.special.map((s) => s.label) ?? [], ...c, maxAbsDiff: String(c.maxAbsDiff) === 'Infinity' ? 'Infinity' : c.maxAbsDiff });
  }
  const summary = { file: resolve(file), relativeTolerance: RERUN_REL_TOL, allMatch, runs, branches };
  await writeFile(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  io.stdout.write(`${allMatch ? 'All results match' : 'Some results differ'}; CSV files and summary.json in ${dir}\n`);
  return allMatch ? 0 : 1;
}
