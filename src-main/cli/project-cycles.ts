/**
 * `meanfield run` for the families of limit cycles a project stores: each is traced again from its
 * request (in-process, runCycleRequest; a custom model's request carries its definition) and
 * compared with the stored family (compareCycles), its CSV written as `meanfield continue --cycles`
 * writes it (`cycles-<id>.csv`).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { ContinuationRequest } from '@shared/continuation/types';
import type { CycleBranch, CyclePoint, CycleResult } from '@shared/cycles/types';
import { hashOf } from '@shared/project/library';
import type { ProjectCycleFamily } from '@shared/project/types';
import { runCycleRequest } from '../engine/run-cycle-request';
import { cyclesCsv } from './cycles-output';
import { compareColumns, mismatch, modelLabel, verdict, type Column, type Comparison } from './project';

/**
 * Stored family against its re-trace: at every point the parameter, the period and each state's
 * minimum and maximum over the orbit; special points (labels, then the same numbers). A family
 * stored as cancelled is compared with the re-trace's first points (both start at the Hopf point);
 * its special points are not compared.
 */
export function compareCycles(stored: CycleResult, fresh: CycleResult): Comparison {
  const a = stored.branch,
    b = fresh.branch;
  if (!a || !b) return mismatch(`stored ${a ? 'a family' : 'no family'}, re-run ${b ? 'a family' : 'no family'}`);
  const count = a.points.length;
  let note: string | undefined;
  if (stored.status === 'cancelled' && fresh.status !== 'cancelled') {
    if (count > b.points.length) return mismatch(`stored cancelled family (${count} points) is longer than the re-run's ${b.points.length} points`);
    note = `stored family was cancelled after ${count} points; compared with the re-run's (${fresh.status}, ${b.points.length} points) at the same places, special points not compared`;
  } else {
    if (stored.status !== fresh.status || count !== b.points.length) {
      return mismatch(`stored ${stored.status} with ${count} points, re-run ${fresh.status} with ${b.points.length}`);
    }
    const labels = (c: CycleBranch) => c.special.map((s) => s.label).join(',');
    if (labels(a) !== labels(b)) return mismatch(`special points differ: stored ${labels(a) || 'none'}, re-run ${labels(b) || 'none'}`);
  }
  const along = (c: CycleBranch, get: (q: CyclePoint) => number) => Float64Array.from({ length: count }, (_, i) => get(c.points[i]));
  const pair = (name: string, get: (q: CyclePoint) => number): Column => ({ name, stored: along(a, get), fresh: along(b, get) });
  const columns: Column[] = [pair(a.param, (q) => q.p), pair('period', (q) => q.period)];
  a.stateNames.forEach((name, j) =>
    columns.push(
      pair(`min ${name}`, (q) => q.min[j]),
      pair(`max ${name}`, (q) => q.max[j]),
    ),
  );
  if (note === undefined) {
    const special = (name: string, get: (q: CyclePoint) => number): Column => ({
      name: `special ${name}`,
      stored: a.special.map((s) => get(s.point)),
      fresh: b.special.map((s) => get(s.point)),
    });
    columns.push(
      special(a.param, (q) => q.p),
      special('period', (q) => q.period),
    );
    a.stateNames.forEach((name, j) =>
      columns.push(
        special(`min ${name}`, (q) => q.min[j]),
        special(`max ${name}`, (q) => q.max[j]),
      ),
    );
  }
  return compareColumns(columns, note);
}

/** Re-traces every stored family, writes its CSV into `dir`, reports each on `stdout`; the summary entries and whether all match. */
export async function rerunCycles(families: readonly ProjectCycleFamily[], dir: string, stdout: Writable): Promise<{ entries: unknown[]; allMatch: boolean }> {
  const entries: unknown[] = [];
  let allMatch = true;
  for (const entry of families) {
    const req = entry.request;
    const name = `cycles-${entry.id}.csv`;
    const out = runCycleRequest(req, { isCancelled: () => false, onProgress: () => undefined });
    if (!out.ok) {
      allMatch = false;
      const error = out.error.message + (out.error.issues ?? []).map((i) => ` ${i.field}: ${i.message}.`).join('');
      stdout.write(`cycles ${entry.id}: FAILED (${error})\n`);
      entries.push({ id: entry.id, error, matches: false });
      continue;
    }
    const fresh = out.result;
    // The CSV as `meanfield continue --cycles` writes it, headed by the family's parameter and range.
    const head = { model: req.model, param: req.param, bounds: req.bounds } as ContinuationRequest;
    await writeFile(join(dir, name), [...cyclesCsv(head, fresh.branch?.stateNames ?? [], [{ request: req, result: fresh }])].join(''));
    const c = compareCycles(entry.result, fresh);
    allMatch &&= c.matches;
    const points = fresh.branch?.points.length ?? 0;
    const special = fresh.branch?.special.map((s) => s.label).join(', ') || 'no special points';
    stdout.write(
      `cycles ${entry.id} (${req.def ? `${modelLabel(req)}, ` : ''}cycles from ${req.start.label} in ${req.param}, ${points} points, ${special}): ${verdict(c)}\n`,
    );
    entries.push({
      id: entry.id,
      ...(req.def ? { model: req.model, modelHash: hashOf(req.def) } : {}),
      from: req.start.label,
      param: req.param,
      csv: name,
      status: fresh.status,
      points,
      special: fresh.branch?.special.map((s) => s.label) ?? [],
      ...c,
      maxAbsDiff: String(c.maxAbsDiff) === 'Infinity' ? 'Infinity' : c.maxAbsDiff,
    });
  }
  return { entries, allMatch };
}
