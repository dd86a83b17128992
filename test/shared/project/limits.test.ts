/**
 * Size limits of project files: a small hostile file must not make the reader allocate much. Every
 * array's form and declared length is checked against what the run's settings or the branch's
 * request allow, and against the file's budgets, before any array is decoded; the data-free
 * sample-grid form is accepted for time columns only. "Nothing decoded" is observed through a codec
 * that counts inflations.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import type { ByteCodec } from '@shared/project/codec';
import { parseProject } from '@shared/project/parse';
import { readBranchEntry } from '@shared/project/read-branches';
import { emptyLibrary } from '@shared/project/read-library';
import { readRun } from '@shared/project/read-runs';
import { MAX_TOTAL_BRANCH_POINTS, MAX_TOTAL_VALUES, Reader } from '@shared/project/reader';
import { serializeProject } from '@shared/project/serialize';
import { sampleGrid } from '@shared/simulation/grid';
import { richProject, zlibCodec } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** zlibCodec, counting the bytes it is asked to inflate to. */
function countingCodec(): ByteCodec & { inflated: number } {
  const c = {
    inflated: 0,
    deflate: zlibCodec.deflate,
    inflate(bytes: Uint8Array, n: number) {
      c.inflated += n;
      return zlibCodec.inflate(bytes, n);
    },
  };
  return c;
}

let text: string;
const doc = (): Json => JSON.parse(text) as Json;
const models = emptyLibrary();

beforeAll(() => {
  const p = richProject();
  p.model = { kind: 'template', name: 'ik_nodim', version: getTemplate('ik_nodim')!.version };
  p.runs = p.runs.filter((r) => r.request.model === 'ik_nodim');
  p.view.plotted = ['r'];
  text = serializeProject(p, { codec: zlibCodec }); // arrays compressed: decoding them inflates
});

function refuse(d: Json): { errors: string[]; inflated: number } {
  const codec = countingCodec();
  const r = parseProject(JSON.stringify(d), { codec });
  if (r.ok) throw new Error('expected the file to be refused');
  return { errors: r.errors.map((e) => `${e.path}: ${e.message}`), inflated: codec.inflated };
}

/** `d` with only run `run` (or only branch `branch`), so inflation counts that entry alone. */
function only(d: Json, what: { run?: number; branch?: number }): Json {
  d.runs = what.run === undefined ? [] : [d.runs[what.run]];
  d.branches = what.branch === undefined ? [] : [d.branches[what.branch]];
  d.curves = [];
  d.view.selectedCurve = null;
  d.view.selectedRun = null;
  d.view.selectedBranch = null;
  return d;
}

const grid = (length: number, sample = 0.001) => ({ length, grid: { sample, kFirst: 0 } });

describe('the data-free sample-grid form', () => {
  it('is refused for state columns, branch columns and input values', () => {
    const d = doc();
    const n = d.runs[0].result.t.length;
    d.runs[0].result.columns[1] = grid(n);
    expect(refuse(d).errors).toContain('runs[0].result.columns[1]: the sample-grid form { length, grid } is only allowed for time columns (result.t)');
    const d2 = doc();
    const count = d2.branches[0].result.branch.points.count;
    d2.branches[0].result.branch.points.p = grid(count);
    expect(refuse(d2).errors[0]).toMatch(/^branches\[0\]\.result\.branch\.points\.p: the sample-grid form .* only allowed for time columns/);
    const d3 = doc();
    d3.branches[0].result.branch.points.eigIm[2] = grid(count);
    expect(refuse(d3).errors[0]).toMatch(/^branches\[0\]\.result\.branch\.points\.eigIm\[2\]: the sample-grid form/);
    const d4 = doc();
    const array = d4.runs.find((r: Json) => r.request.inputs.I_ext?.kind === 'array');
    array.request.inputs.I_ext.values = grid(100);
    expect(refuse(d4).errors[0]).toMatch(/\.request\.inputs\.I_ext\.values: the sample-grid form/);
  });

  it("for result.t, must be the run's own sample grid", () => {
    const d = doc();
    const t = d.runs[0].result.t;
    expect(t.grid).toBeDefined(); // the writer uses the grid form for time columns
    t.grid.sample = 0.001;
    expect(refuse(d).errors[0]).toMatch(/^runs\[0\]\.result\.t: grid must be the run's samples \{ sample: 0\.01, kFirst: 0 \}/);
  });
});

describe('lengths are checked before anything is decoded', () => {
  it('a time column longer than the settings allow: nothing inflated', () => {
    const d = only(doc(), { run: 0 });
    const run = d.runs[0];
    const count = sampleGrid(run.request.solver).count;
    // Compressed, so reading it would inflate; its declared length is already too long.
    run.result.t = { ...run.result.columns[0], length: count + 1 };
    const r = refuse(d);
    expect(r.errors[0]).toBe(`runs[0].result.t: holds ${count + 1} samples; the run's settings give at most ${count}`);
    expect(r.inflated).toBe(0);
  });

  it('a column longer than t is refused before t or any column is decoded', () => {
    const d = only(doc(), { run: 0 });
    const n = d.runs[0].result.t.length;
    d.runs[0].result.t = d.runs[0].result.columns[0]; // compressed, so decoding it would inflate
    d.runs[0].result.columns[3] = { ...d.runs[0].result.columns[3], length: n + 1 };
    const r = refuse(d);
    expect(r.errors).toEqual([`runs[0].result.columns[3]: must hold ${n} values (got ${n + 1})`]);
    expect(r.inflated).toBe(0);
  });

  it("a branch longer than its request's maxPoints allows (2 * maxPoints + 1)", () => {
    const d = only(doc(), { branch: 0 });
    const b = d.branches[0];
    b.request.settings.maxPoints = 10;
    const r = refuse(d);
    expect(r.errors[0]).toBe(
      `branches[0].result.branch.points.count: is ${b.result.branch.points.count}; the request's maxPoints 10 allows at most 21 (both directions and the start)`,
    );
    expect(r.inflated).toBe(0);
  });

  it('a branch column of the wrong length: no column decoded', () => {
    const d = only(doc(), { branch: 0 });
    const pts = d.branches[0].result.branch.points;
    pts.eigRe[3] = { ...pts.eigRe[3], length: pts.count - 1 };
    const r = refuse(d);
    expect(r.errors).toEqual([`branches[0].result.branch.points.eigRe[3]: must hold ${pts.count} values (got ${pts.count - 1})`]);
    expect(r.inflated).toBe(0);
  });
});

describe("the file's budgets", () => {
  it('numbers in all: a run that would pass the budget is refused before decoding', () => {
    const run = doc().runs[0];
    const codec = countingCodec();
    const r = new Reader(codec);
    r.values = MAX_TOTAL_VALUES - 10;
    expect(readRun(r, 'runs[5]', run, models)).toBeUndefined();
    expect(r.errors).toEqual([{ path: 'runs[5].result.t', message: `the file's arrays hold more than ${MAX_TOTAL_VALUES} numbers in all` }]);
    expect(codec.inflated).toBe(0);
    // The same run within the budget is read.
    const ok = new Reader(codec);
    expect(readRun(ok, 'runs[0]', run, models)).toBeDefined();
    expect(ok.values).toBe(run.result.t.length * 5);
  });

  it('branch points in all', () => {
    const b = doc().branches[0];
    const count = b.result.branch.points.count;
    const codec = countingCodec();
    const r = new Reader(codec);
    r.branchPoints = MAX_TOTAL_BRANCH_POINTS - count + 1;
    expect(readBranchEntry(r, 'branches[7]', b, models)).toBeUndefined();
    expect(r.errors).toEqual([
      { path: 'branches[7].result.branch.points.count', message: `the file's branches hold more than ${MAX_TOTAL_BRANCH_POINTS} points in all` },
    ]);
    expect(codec.inflated).toBe(0);
    const ok = new Reader(codec);
    ok.branchPoints = MAX_TOTAL_BRANCH_POINTS - count;
    expect(readBranchEntry(ok, 'branches[7]', b, models)).toBeDefined();
    expect(ok.branchPoints).toBe(MAX_TOTAL_BRANCH_POINTS);
  });

  it("the reviewer's bombs: many long branches or runs of grid columns claim little and are refused", () => {
    // 38 branches of 200,001 points whose columns claim the grid form (7.7 MB of text before).
    const d = only(doc(), { branch: 0 });
    const b = d.branches[0];
    b.request.settings.maxPoints = 100_000;
    const pts = b.result.branch.points;
    const n = 200_001;
    pts.count = n;
    pts.stable = '1'.repeat(n);
    pts.p = grid(n);
    for (const key of ['x', 'eigRe', 'eigIm']) pts[key] = pts[key].map(() => grid(n));
    d.branches = Array.from({ length: 38 }, (_, i) => ({ ...b, id: i + 1 }));
    b.result.branch.special = [];
    const r = refuse(d);
    expect(r.errors[0]).toMatch(/^branches\[0\]\.result\.branch\.points\.p: the sample-grid form/);
    expect(r.inflated).toBe(0);
    // A run whose settings allow 9.9 million samples, with grid-form state columns (3 KB of text).
    const d2 = only(doc(), { run: 0 });
    const run = d2.runs[0];
    Object.assign(run.request.solver, { method: 'euler', dt: 0.01, tEnd: 99_000, sample: 0.01, cutoff: 0 });
    const count = 9_900_001;
    run.result.t = grid(count, 0.01);
    run.result.columns = run.result.columns.map(() => grid(count));
    expect(refuse(d2).errors[0]).toMatch(/^runs\[0\]\.result\.columns\[0\]: the sample-grid form/);
  });
});
