/**
 * `meanfield run FILE.mfproj [--out DIR]` and `meanfield validate FILE.mfproj`.
 *
 * run: opens the project as the app does (size limit, validation, migration), re-computes every
 * stored simulation (same engine; the caller supplies how: a worker job), every branch
 * (in-process, runContinuation), every curve (in-process, runCurveRequest) and every family of
 * limit cycles (./project-cycles.ts), writes `run-<id>.csv` / `branch-<id>.csv` / `curve-<id>.csv` /
 * `cycles-<id>.csv` and
 * `summary.json` into DIR (default: `<file name without .mfproj>-rerun` next to the file), and
 * reports per run/branch whether the new result matches the stored one: same status and length,
 * and in every column max |new - stored| <= RERUN_REL_TOL * (1 + max |stored column|) (NaN matches
 * NaN). A run or branch stored as cancelled matches when its stored part does. Exit 0 when all
 * match, 1 when any differ or fail. A run or branch of a custom model is re-computed with the
 * definition it was made with (the library entry its request refers to, even when that model has
 * since been edited), exactly as the app would re-run it. Both commands read files as the app does,
 * so they report the same errors and warnings.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { Branch, BranchPoint, ContinuationRequest, ContinuationResult } from '@shared/continuation/types';
import type { Curve, CurvePoint, CurveResult } from '@shared/curves/types';
import type { ModelDef } from '@shared/models/types';
import { formatIssues } from '@shared/project/parse';
import { shortHash } from '@shared/models/identity';
import { hashOf } from '@shared/project/library';
import type { NetworkSettings } from '@shared/network/types';
import { requestDef } from '@shared/project/read-runs';
import { PROJECT_EXTENSION, type Project } from '@shared/project/types';
import type { SimulationRequest, SimulationResult } from '@shared/simulation/types';
import { compileModel } from '../engine/compile';
import { runContinuation } from '../engine/continuation/run';
import { runCurveRequest } from '../engine/run-curve-request';
import { openProjectFile } from '../services/project-file';
import { continuationCsv } from './continue';
import { curvesCsv } from './curves-output';
import { rerunCycles } from './project-cycles';
import { csvChunks } from './format';

/**
 * Relative tolerance of the re-run comparison, per column: |new - stored| <= RERUN_REL_TOL * (1 +
 * max |stored column|). The engine is deterministic: on one machine a re-run repeats the same
 * operations, so fixed-step runs come back bit for bit (measured: 0 on the example) and branches
 * within a few ulps (measured: 9.8e-15). Another platform's libm (exp, pow: 1-ulp differences) may
 * add rounding noise that stable dynamics keep tiny; 1e-9 leaves five orders of magnitude for it
 * while still flagging any real change (a value altered in its ninth digit, another step size or
 * method, a different template version). Each column is measured against its own scale, so a small
 * variable (r ~ 0.01) is not judged by a large one (v ~ 1) or by t.
 */
export const RERUN_REL_TOL = 1e-9;

/**
 * Re-runs one stored simulation (main.ts: on an engine worker); with `network`, the stored run is a
 * run of the spiking network and is re-run as one (deterministic too: the same quantiles or seed).
 */
export type SimulationRunner = (request: SimulationRequest, def: ModelDef, network?: NetworkSettings) => Promise<{ result?: SimulationResult; error?: string }>;

export interface Comparison {
  matches: boolean;
  /** max |new - stored| in `column`: the column furthest past (or closest to) its tolerance. */
  maxAbsDiff: number;
  /** That column's tolerance. */
  tolerance: number;
  column?: string;
  note?: string;
}

export interface Column {
  name: string;
  stored: ArrayLike<number>;
  fresh: ArrayLike<number>;
}

/** max |a - b| (NaN = NaN and equal infinities match; NaN or an infinity against a number: Infinity). */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i],
      y = b[i];
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    const d = Math.abs(x - y);
    if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
  }
  return max;
}

/** Each column against its own tolerance (see RERUN_REL_TOL); reports the worst one. */
export function compareColumns(columns: Column[], note?: string): Comparison {
  let worst: Comparison = { matches: true, maxAbsDiff: 0, tolerance: RERUN_REL_TOL, ...(note ? { note } : {}) };
  let worstRatio = -1;
  for (const c of columns) {
    let scale = 0;
    for (let i = 0; i < c.stored.length; i++) {
      const x = Math.abs(c.stored[i]);
      if (x > scale && x !== Infinity) scale = x;
    }
    const tolerance = RERUN_REL_TOL * (1 + scale);
    const diff = maxDiff(c.stored, c.fresh);
    const ratio = diff / tolerance;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = { ...worst, maxAbsDiff: diff, tolerance, column: c.name };
    }
    if (!(diff <= tolerance)) worst.matches = false;
  }
  return worst;
}

export const mismatch = (note: string): Comparison => ({ matches: false, maxAbsDiff: Infinity, tolerance: 0, note });

/**
 * Stored run against its re-run. A run stored as cancelled stopped early; the re-run is not, so its
 * first samples are compared with the stored ones (a status difference alone is not a mismatch).
 */
export function compareSimulation(stored: SimulationResult, fresh: SimulationResult): Comparison {
  const n = stored.t.length;
  let note: string | undefined;
  if (stored.status === 'cancelled' && fresh.status !== 'cancelled') {
    if (fresh.t.length < n) return mismatch(`stored cancelled run has ${n} samples, more than the re-run's ${fresh.t.length} (${fresh.status})`);
    note = `stored run was cancelled after ${n} samples; the re-run (${fresh.status}, ${fresh.t.length} samples) was compared over those ${n}`;
  } else if (stored.status !== fresh.status || n !== fresh.t.length) {
    return mismatch(`stored ${stored.status} with ${n} samples, re-run ${fresh.status} with ${fresh.t.length}`);
  }
  const prefix = (a: Float64Array) => a.subarray(0, n);
  return compareColumns(
    [
      { name: 't', stored: stored.t, fresh: prefix(fresh.t) },
      ...stored.names.map((name, j) => ({ name, stored: stored.columns[j], fresh: prefix(fresh.columns[j]) })),
    ],
    note,
  );
}

/**
 * Stored branch against its re-run: points (parameter and states), special points (labels, then
 * parameter and states). A branch stored as cancelled is compared with the re-run's points at the
 * same places along the curve (aligned at the start point); its special points are not compared.
 */
export function compareBranch(stored: ContinuationResult, fresh: ContinuationResult): Comparison {
  const a = stored.branch,
    b = fresh.branch;
  if (!a || !b) return mismatch(`stored ${a ? 'a branch' : 'no branch'}, re-run ${b ? 'a branch' : 'no branch'}`);
  const count = a.points.length;
  const param = a.param;
  let offset = 0;
  let note: string | undefined;
  if (stored.status === 'cancelled' && fresh.status !== 'cancelled') {
    offset = b.startIndex - a.startIndex;
    if (offset < 0 || offset + count > b.points.length) {
      return mismatch(`stored cancelled branch (${count} points) does not lie along the re-run's ${b.points.length} points`);
    }
    note = `stored branch was cancelled after ${count} points; compared with the re-run's (${fresh.status}, ${b.points.length} points) at the same places, special points not compared`;
  } else {
    if (stored.status !== fresh.status || count !== b.points.length) {
      return mismatch(`stored ${stored.status} with ${count} points, re-run ${fresh.status} with ${b.points.length}`);
    }
    const labels = (r: Branch) => r.special.map((s) => s.label).join(',');
    if (labels(a) !== labels(b)) return mismatch(`special points differ: stored ${labels(a) || 'none'}, re-run ${labels(b) || 'none'}`);
  }
  const along = (r: Branch, from: number, get: (q: BranchPoint) => number) => Float64Array.from({ length: count }, (_, i) => get(r.points[from + i]));
  const columns: Column[] = [
    { name: param, stored: along(a, 0, (q) => q.p), fresh: along(b, offset, (q) => q.p) },
    ...a.stateNames.map((name, j) => ({ name, stored: along(a, 0, (q) => q.x[j]), fresh: along(b, offset, (q) => q.x[j]) })),
  ];
  if (note === undefined) {
    columns.push({ name: `special ${param}`, stored: a.special.map((s) => s.p), fresh: b.special.map((s) => s.p) });
    a.stateNames.forEach((name, j) => columns.push({ name: `special ${name}`, stored: a.special.map((s) => s.x[j]), fresh: b.special.map((s) => s.x[j]) }));
  }
  return compareColumns(columns, note);
}

/**
 * Stored curve against its re-run: points (P, Q, states, and kappa on Hopf curves) and special
 * points (labels, then P, Q and states). A curve stored as cancelled is compared with the re-run's
 * points at the same places (aligned at the start point); its special points are not compared.
 */
export function compareCurve(stored: CurveResult, fresh: CurveResult): Comparison {
  const a = stored.curve,
    b = fresh.curve;
  if (!a || !b) return mismatch(`stored ${a ? 'a curve' : 'no curve'}, re-run ${b ? 'a curve' : 'no curve'}`);
  const count = a.points.length;
  let offset = 0;
  let note: string | undefined;
  if (stored.status === 'cancelled' && fresh.status !== 'cancelled') {
    offset = b.startIndex - a.startIndex;
    if (offset < 0 || offset + count > b.points.length)
      return mismatch(`stored cancelled curve (${count} points) does not lie along the re-run's ${b.points.length} points`);
    note = `stored curve was cancelled after ${count} points; compared with the re-run's (${fresh.status}, ${b.points.length} points) at the same places, special points not compared`;
  } else {
    if (stored.status !== fresh.status || count !== b.points.length) {
      return mismatch(`stored ${stored.status} with ${count} points, re-run ${fresh.status} with ${b.points.length}`);
    }
    const labels = (c: Curve) => c.special.map((s) => s.label).join(',');
    if (labels(a) !== labels(b)) return mismatch(`special points differ: stored ${labels(a) || 'none'}, re-run ${labels(b) || 'none'}`);
  }
  const along = (c: Curve, from: number, get: (q: CurvePoint) => number) => Float64Array.from({ length: count }, (_, i) => get(c.points[from + i]));
  const [P, Q] = a.params;
  const columns: Column[] = [
    { name: P, stored: along(a, 0, (q) => q.params[0]), fresh: along(b, offset, (q) => q.params[0]) },
    { name: Q, stored: along(a, 0, (q) => q.params[1]), fresh: along(b, offset, (q) => q.params[1]) },
    ...a.stateNames.map((name, j) => ({ name, stored: along(a, 0, (q) => q.state[j]), fresh: along(b, offset, (q) => q.state[j]) })),
  ];
  if (a.type === 'hopf') columns.push({ name: 'kappa', stored: along(a, 0, (q) => q.kappa ?? NaN), fresh: along(b, offset, (q) => q.kappa ?? NaN) });
  if (note === undefined) {
    columns.push({ name: `special ${P}`, stored: a.special.map((s) => s.point.params[0]), fresh: b.special.map((s) => s.point.params[0]) });
    columns.push({ name: `special ${Q}`, stored: a.special.map((s) => s.point.params[1]), fresh: b.special.map((s) => s.point.params[1]) });
    a.stateNames.forEach((name, j) =>
      columns.push({ name: `special ${name}`, stored: a.special.map((s) => s.point.state[j]), fresh: b.special.map((s) => s.point.state[j]) }),
    );
  }
  return compareColumns(columns, note);
}

export function defaultOutDir(file: string): string {
  const base = basename(file).endsWith(PROJECT_EXTENSION) ? basename(file).slice(0, -PROJECT_EXTENSION.length) : basename(file);
  return join(dirname(resolve(file)), `${base}-rerun`);
}

/** A template's name; a custom model's name with its short hash (edited models share the name). */
export function modelLabel(req: { model: string; def?: ModelDef }): string {
  return req.def ? `${req.model} #${shortHash(hashOf(req.def))}` : req.model;
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toExponential(2) : String(x));

/** `matches, max |Δ| = 1.20e-15 in r, tolerance 1.01e-9 (note)` */
export function verdict(c: Comparison): string {
  const where = c.column ? ` in ${c.column}` : '';
  const diff = c.tolerance > 0 ? `, max |Δ| = ${fmt(c.maxAbsDiff)}${where}, tolerance ${fmt(c.tolerance)}` : '';
  return `${c.matches ? 'matches' : 'DIFFERS'}${diff}${c.note ? ` (${c.note})` : ''}`;
}

/**
 * Opens `file` as the app does, for `validate` and `run` alike: errors go to `err` one per line,
 * then null; warnings go to `err` as 'warning: ...'.
 */
async function openAsTheApp(file: string, err: Writable): Promise<{ project: Project; migratedFrom?: number } | null> {
  const opened = await openProjectFile(resolve(file));
  if (!opened.ok) {
    for (const line of formatIssues(opened.errors)) err.write(`${line}\n`);
    return null;
  }
  for (const line of formatIssues(opened.warnings)) err.write(`warning: ${line}\n`);
  return { project: opened.project, ...(opened.migratedFrom ? { migratedFrom: opened.migratedFrom } : {}) };
}

export async function validateCommand(file: string, out: Writable, err: Writable): Promise<number> {
  const opened = await openAsTheApp(file, err);
  if (opened === null) return 1;
  const p = opened.project;
  const migrated = opened.migratedFrom ? ` (format version ${opened.migratedFrom}, migrated)` : '';
  out.write(
    `${file}: valid project${migrated}: ${p.runs.length} run(s), ${p.branches.length} branch(es), ${p.curves.length} curve(s), ${p.cycles.length} cycle family(ies)\n`,
  );
  return 0;
}

export async function rerunCommand(
  file: string,
  outDir: string | undefined,
  io: { stdout: Writable; stderr: Writable },
  runner: SimulationRunner,
): Promise<number> {
  const opened = await openAsTheApp(file, io.stderr);
  if (opened === null) return 1;
  const project = opened.project;
  const dir = resolve(outDir ?? defaultOutDir(file));
  await mkdir(dir, { recursive: true });
  let allMatch = true;
  const runs: unknown[] = [];
  for (const run of project.runs) {
    const def = requestDef(run.request);
    const fresh = await runner(run.request, def, run.network?.settings);
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
    io.stdout.write(`run ${run.id} (${modelLabel(run.request)}, ${fresh.result.t.length} samples): ${verdict(c)}\n`);
    runs.push({
      id: run.id,
      name: run.name ?? null,
      model: run.request.model,
      ...(run.request.def ? { modelHash: hashOf(run.request.def) } : {}),
      csv: name,
      status: fresh.result.status,
      samples: fresh.result.t.length,
      ...c,
      maxAbsDiff: String(c.maxAbsDiff) === 'Infinity' ? 'Infinity' : c.maxAbsDiff,
    });
  }
  const branches: unknown[] = [];
  for (const entry of project.branches) {
    const def = requestDef(entry.request);
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
    io.stdout.write(
      `branch ${entry.id} (${entry.request.def ? `${modelLabel(entry.request)}, ` : ''}${entry.request.param} in [${entry.request.bounds.join(', ')}], ${fresh.branch?.points.length ?? 0} points, ${special}): ${verdict(c)}\n`,
    );
    branches.push({
      id: entry.id,
      ...(entry.request.def ? { model: entry.request.model, modelHash: hashOf(entry.request.def) } : {}),
      param: entry.request.param,
      csv: name,
      status: fresh.status,
      points: fresh.branch?.points.length ?? 0,
      special: fresh.branch?.special.map((s) => s.label) ?? [],
      ...c,
      maxAbsDiff: String(c.maxAbsDiff) === 'Infinity' ? 'Infinity' : c.maxAbsDiff,
    });
  }
  const curves: unknown[] = [];
  for (const entry of project.curves) {
    const name = `curve-${entry.id}.csv`;
    const [P, Q] = entry.request.params;
    // A custom model's request carries its definition (the one the curve was made with).
    const out = runCurveRequest(entry.request, { isCancelled: () => false, onProgress: () => undefined });
    if (!out.ok) {
      allMatch = false;
      const error = out.error.message + (out.error.issues ?? []).map((i) => ` ${i.field}: ${i.message}.`).join('');
      io.stdout.write(`curve ${entry.id}: FAILED (${error})\n`);
      curves.push({ id: entry.id, error, matches: false });
      continue;
    }
    const fresh = out.result;
    // The CSV as `meanfield continue --curves` writes it, headed by the curve's own plane.
    const plane = { model: entry.request.model, param: P, bounds: entry.request.bounds[0] } as ContinuationRequest;
    await writeFile(join(dir, name), [...curvesCsv(plane, [Q], fresh.curve?.stateNames ?? [], [{ request: entry.request, result: fresh }])].join(''));
    const c = compareCurve(entry.result, fresh);
    allMatch &&= c.matches;
    const special = fresh.curve?.special.map((s) => s.label).join(', ') || 'no special points';
    io.stdout.write(
      `curve ${entry.id} (${entry.request.def ? `${modelLabel(entry.request)}, ` : ''}${entry.request.type} curve from ${entry.request.start.label} in (${P}, ${Q}), ${fresh.curve?.points.length ?? 0} points, ${special}): ${verdict(c)}\n`,
    );
    curves.push({
      id: entry.id,
      ...(entry.request.def ? { model: entry.request.model, modelHash: hashOf(entry.request.def) } : {}),
      type: entry.request.type,
      params: entry.request.params,
      csv: name,
      status: fresh.status,
      points: fresh.curve?.points.length ?? 0,
      special: fresh.curve?.special.map((s) => s.label) ?? [],
      ...c,
      maxAbsDiff: String(c.maxAbsDiff) === 'Infinity' ? 'Infinity' : c.maxAbsDiff,
    });
  }
  const cycles = await rerunCycles(project.cycles, dir, io.stdout);
  allMatch &&= cycles.allMatch;
  const summary = { file: resolve(file), relativeTolerance: RERUN_REL_TOL, allMatch, runs, branches, curves, cycles: cycles.entries };
  await writeFile(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  io.stdout.write(`${allMatch ? 'All results match' : 'Some results differ'}; CSV files and summary.json in ${dir}\n`);
  return allMatch ? 0 : 1;
}
