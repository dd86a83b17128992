/**
 * `meanfield continue --cycles` end to end through bin/meanfield.mjs (the built CLI): option
 * checks, the cycle branches of the JSON `branches` list and their CSV, the family of ik_nodim born
 * at HB1 (I_ext = 0.15) against AUTO-07p (test/fixtures/reference/ik_nodim_cycles_g_Iext0.15.json),
 * user points on both kinds of branch, a branch without Hopf points, and Ctrl+C.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuild } from './ensure-build';
import { commandParser, interruptInTerminal, meanfield } from './cli-run';

const BASE = ['continue', '--model', 'ik_nodim', '--param', 'g', '--from', '0', '--to', '3', '--input', 'I_ext=0.15'];

const ref = JSON.parse(readFileSync(join(__dirname, '../fixtures/reference/ik_nodim_cycles_g_Iext0.15.json'), 'utf8')) as {
  special_points: { type: string; params: { g: number }; period: number; r_max: number }[];
};
const LPC = ref.special_points.find((s) => s.type === 'LPC')!;

interface JsonCyclePoint {
  p: number;
  period: number;
  stable: boolean;
  multipliers: [number, number][];
  trivialError: number;
  min: Record<string, number>;
  max: Record<string, number>;
  start: Record<string, number>;
}
interface JsonCycleSpecial extends JsonCyclePoint {
  type: string;
  label: string;
  info: Record<string, number>;
  converged: boolean;
  index: number;
}
interface JsonBranch {
  kind: 'equilibrium' | 'cycle';
  from?: string;
  status?: string;
  mesh?: { ntst: number; ncol: number };
  points: (JsonCyclePoint & { state?: Record<string, number> })[];
  special: (JsonCycleSpecial & { state?: Record<string, number> })[];
  ends: { reason: string; message: string; p?: number }[] | null;
}

let tmp = '';
beforeAll(() => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'meanfield-cycles-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('--cycles option parsing', () => {
  const { parse, refuse } = commandParser(BASE);

  it('reads --cycles as a switch, and the mesh sizes with it', () => {
    const cmd = parse('--cycles', '--ntst', '120', '--ncol=5', '--format', 'csv');
    expect(cmd.kind === 'continue' && [cmd.options.cycles, cmd.options.ntst, cmd.options.ncol, cmd.options.format]).toEqual([true, 120, 5, 'csv']);
    const plain = parse();
    expect(plain.kind === 'continue' && plain.options.cycles).toBeUndefined();
  });

  it('refuses with a message naming the option', () => {
    refuse(['--cycles=yes'], /^--cycles: takes no value/);
    refuse(['--cycles', '--cycles'], /^--cycles: given more than once/);
    refuse(['--ntst', '100'], /^--ntst: sets the mesh of the limit cycles; use it with --cycles/);
    refuse(['--cycles', '--ntst', '1'], /^--ntst: the mesh intervals over one period, a whole number from 2 to 2000; got '1'/);
    refuse(['--cycles', '--ntst', '50.5'], /^--ntst: .* got '50.5'/);
    refuse(['--cycles', '--ncol', '8'], /^--ncol: the collocation points per mesh interval, a whole number from 2 to 7; got '8'/);
    refuse(['--cycles', '--curves', 'eta:-1:1', '--format', 'csv'], /^--format csv: writes one table/);
  });

  it('exits 2 with the message on standard error', () => {
    const r = meanfield(...BASE, '--cycles', '--ncol', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^meanfield: --ncol: .* got 'x'\n$/);
  });
});

describe('meanfield continue --cycles: ik_nodim in g at I_ext = 0.15', () => {
  let doc: { branches: JsonBranch[] };
  let stderr = '';
  beforeAll(() => {
    const r = meanfield(...BASE, '--cycles');
    expect(r.code).toBe(0);
    stderr = r.stderr;
    doc = JSON.parse(r.stdout) as typeof doc;
  });

  it('lists the equilibrium branch, then one cycle branch from HB1 that ends at HB2 (listed once)', () => {
    expect(doc.branches.map((b) => [b.kind, b.from])).toEqual([
      ['equilibrium', undefined],
      ['cycle', 'HB1'],
    ]);
    const [eq, cyc] = doc.branches;
    const hb = eq.special.filter((s) => s.type === 'HB');
    expect(hb.map((s) => s.label)).toEqual(['HB1', 'HB2']);
    expect(cyc.status).toBe('ok');
    expect(cyc.mesh).toEqual({ ntst: 80, ncol: 4 });
    expect(cyc.ends![0]).toMatchObject({ reason: 'hopf', p: hb[0].p });
    expect(cyc.ends![1].reason).toBe('hopf');
    expect(Math.abs(cyc.ends![1].p! - hb[1].p)).toBeLessThan(1e-5);
    expect(stderr).toBe('meanfield: note: the cycles from HB1 end at HB2: the family is listed once\n');
  });

  it('folds at one LPC at AUTO-07p g, and is stable from HB1 up to the fold, unstable after it', () => {
    const cyc = doc.branches[1];
    expect(cyc.special.map((s) => s.label)).toEqual(['LPC1']);
    const lpc = cyc.special[0];
    expect(lpc.converged).toBe(true);
    expect(Math.abs(lpc.p - LPC.params.g)).toBeLessThan(1e-7);
    // The period at the fold is ill-conditioned (dT/dg infinite there): a looser bound.
    expect(Math.abs(lpc.period / LPC.period - 1)).toBeLessThan(2e-3);
    expect(Math.abs(lpc.max.r / LPC.r_max - 1)).toBeLessThan(1e-3);
    // No regular point lies beyond the fold.
    expect(Math.max(...cyc.points.map((q) => q.p))).toBeLessThanOrEqual(lpc.p);
    const k = lpc.index;
    expect(k).toBeGreaterThan(2);
    expect(cyc.points.slice(1, k + 1).every((q) => q.stable)).toBe(true);
    expect(cyc.points.slice(k + 1).every((q) => !q.stable)).toBe(true);
    expect(cyc.points.length - k).toBeGreaterThan(3);
  });

  it('gives every point p, period, stable, one multiplier per state, min <= max by state name', () => {
    const cyc = doc.branches[1];
    for (const q of [...cyc.points, ...cyc.special]) {
      expect(q.multipliers).toHaveLength(4);
      expect(Object.keys(q.min)).toEqual(['r', 'v', 'u', 's']);
      expect(Object.keys(q.max)).toEqual(['r', 'v', 'u', 's']);
      for (const s of ['r', 'v', 'u', 's']) expect(q.min[s]).toBeLessThanOrEqual(q.max[s]);
      expect(q.period).toBeGreaterThan(0);
    }
    expect(Object.keys(cyc.points[5])).toEqual(['p', 'period', 'stable', 'multipliers', 'trivialError', 'min', 'max', 'start']);
    expect(Object.keys(cyc.special[0])).toEqual([
      'type',
      'label',
      'p',
      'period',
      'stable',
      'multipliers',
      'trivialError',
      'min',
      'max',
      'start',
      'info',
      'converged',
      'index',
    ]);
    // The trivial multiplier (first) is the self-check: near 1 away from the fold.
    const away = cyc.points.filter((q) => Math.abs(q.p - LPC.params.g) > 0.05);
    expect(away.length).toBeGreaterThan(20);
    for (const q of away) expect(Math.hypot(q.multipliers[0][0] - 1, q.multipliers[0][1])).toBeLessThan(1e-4);
    // Periods grow from about 2 pi / omega at HB1.
    const hb1 = doc.branches[0].special[0] as unknown as { period: number };
    expect(Math.abs(cyc.points[0].period / hb1.period - 1)).toBeLessThan(1e-3);
  });

  it('writes the same family as CSV, one row per point with the special points among them', () => {
    const r = meanfield(...BASE, '--cycles', '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const comments = lines.filter((l) => l.startsWith('#'));
    expect(comments[1]).toMatch(
      /^# HB1: cycles born at g = 0\.67\d+: \d+ points \(NTST 80, NCOL 4\); end: hopf \(the cycles shrink back to a Hopf point near g = 1\.98874/,
    );
    const [header, ...rows] = lines.filter((l) => !l.startsWith('#')).map((l) => l.split(','));
    const mu = [1, 2, 3, 4].flatMap((i) => [`mu${i}_re`, `mu${i}_im`]);
    expect(header).toEqual([
      'branch',
      'type',
      'p',
      'period',
      'stable',
      'min_r',
      'min_v',
      'min_u',
      'min_s',
      'max_r',
      'max_v',
      'max_u',
      'max_s',
      ...mu,
      'trivial_error',
      'converged',
    ]);
    for (const row of rows) expect(row).toHaveLength(header.length);
    const cyc = doc.branches[1];
    const regular = rows.filter((row) => row[1] === '' || row[1] === 'EP');
    expect(regular).toHaveLength(cyc.points.length);
    expect(rows.map((row) => row[1]).filter((t) => t !== '')).toEqual(['EP', 'LPC1', 'EP']);
    regular.forEach((row, i) => {
      const q = cyc.points[i];
      expect(row[0]).toBe('HB1');
      expect([Number(row[2]), Number(row[3]), row[4], Number(row[5]), Number(row[12]), Number(row[13]), Number(row[14])]).toEqual([
        q.p,
        q.period,
        q.stable ? '1' : '0',
        q.min.r,
        q.max.s,
        q.multipliers[0][0],
        q.multipliers[0][1],
      ]);
    });
    const lpcRow = rows[rows.findIndex((row) => row[1] === 'LPC1')];
    expect(Number(lpcRow[2])).toBe(cyc.special[0].p);
    expect(lpcRow.at(-1)).toBe('1');
    // The LPC row sits after the point just before it.
    expect(rows.findIndex((row) => row[1] === 'LPC1')).toBe(cyc.special[0].index + 1);
  });
});

describe('meanfield continue --cycles: user points, no Hopf point, mesh', () => {
  it('locates --at g=1.5 on the equilibrium branch and on the cycles (UZ)', () => {
    const r = meanfield(...BASE, '--cycles', '--at', 'g=1.5');
    expect(r.code).toBe(0);
    const [eq, cyc] = (JSON.parse(r.stdout) as { branches: JsonBranch[] }).branches;
    const uzEq = eq.special.filter((s) => s.type === 'UZ');
    expect(uzEq.map((s) => [s.label, s.p])).toEqual([['UZ1', 1.5]]);
    const uz = cyc.special.filter((s) => s.type === 'UZ');
    expect(uz.map((s) => [s.label, s.p, s.converged])).toEqual([['UZ1', 1.5, true]]);
    // At g = 1.5 the cycle (the seed's slow oscillation) is stable and surrounds the unstable steady state.
    expect(uz[0].stable).toBe(true);
    expect((uzEq[0] as unknown as { eigenvalues: [number, number][] }).eigenvalues.some(([re]) => re > 0)).toBe(true);
    for (const s of ['r', 'v', 'u', 's']) {
      expect(uz[0].min[s]).toBeLessThan(uzEq[0].state![s]);
      expect(uz[0].max[s]).toBeGreaterThan(uzEq[0].state![s]);
    }
    // Between its two neighbours in the family.
    const [a, b] = [cyc.points[uz[0].index], cyc.points[uz[0].index + 1]];
    expect((a.p - 1.5) * (b.p - 1.5)).toBeLessThanOrEqual(0);
  });

  it('writes no cycle branch and a note when the branch has no Hopf point', () => {
    const args = ['continue', '--model', 'ik_nodim', '--param', 'eta', '--from', '-2', '--to', '2', '--cycles'];
    const r = meanfield(...args);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { branches: JsonBranch[] }).branches.map((b) => b.kind)).toEqual(['equilibrium']);
    expect(r.stderr).toBe('meanfield: note: the branch has no Hopf (HB) point in [-2, 2]: no limit cycles to continue\n');
    const csv = meanfield(...args, '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout).toMatch(/# the branch has no Hopf \(HB\) point: no cycles\n/);
    expect(csv.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toHaveLength(1);
  });

  it('traces with the mesh of --ntst/--ncol: the fold moves by less than 1e-6 at half the intervals', () => {
    const r = meanfield(...BASE, '--cycles', '--ntst', '40', '--ncol', '4');
    expect(r.code).toBe(0);
    const cyc = (JSON.parse(r.stdout) as { branches: JsonBranch[] }).branches[1];
    expect(cyc.mesh).toEqual({ ntst: 40, ncol: 4 });
    const lpc = cyc.special.filter((s) => s.type === 'LPC');
    expect(lpc).toHaveLength(1);
    expect(Math.abs(lpc[0].p - LPC.params.g)).toBeLessThan(1e-6);
    expect(r.stderr).not.toMatch(/warning/);
  });

  it('warns where a deliberately coarse mesh does not resolve the orbits, naming the stretch and the special points there', () => {
    // NTST 20, NCOL 3 is far too coarse for this slow-fast cycle near its fold (period ~ 300).
    const r = meanfield(...BASE, '--cycles', '--ntst', '20', '--ncol', '3');
    expect(r.code).toBe(0);
    const cyc = (JSON.parse(r.stdout) as { branches: JsonBranch[] }).branches[1];
    const bad = cyc.points.filter((q) => !(q.trivialError <= 0.05));
    expect(bad.length).toBeGreaterThan(0);
    const ps = bad.map((q) => q.p);
    const line = r.stderr.split('\n').find((l) => l.startsWith('meanfield: warning: cycles from HB1: '));
    expect(line).toBeDefined();
    const m = /The mesh \(NTST 20, NCOL 3\) does not resolve the orbits for g from ([-\d.e]+) to ([-\d.e]+) \((\d+) of (\d+) points\)/.exec(line!);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeCloseTo(Math.min(...ps), 6);
    expect(Number(m![2])).toBeCloseTo(Math.max(...ps), 6);
    expect([Number(m![3]), Number(m![4])]).toEqual([bad.length, cyc.points.length]);
    // Every fold found next to an unresolved point is named; the advice names the option.
    const suspect = cyc.special.filter((s) => s.type !== 'UZ' && [s.index, s.index + 1].some((i) => !(cyc.points[i].trivialError <= 0.05)));
    expect(suspect.length).toBeGreaterThan(0);
    for (const s of suspect) expect(line).toContain(s.label);
    expect(line).toMatch(/a larger --ntst\.$/);
  });
});

describe('meanfield continue --cycles: Ctrl+C', () => {
  it('during the cycles writes the branch and the cycles so far, says so and exits 130', async () => {
    // A real terminal (script(1)); ^C once the progress line shows the family grown past its start on the worker thread.
    const out = join(tmp, 'interrupted.json');
    const { code, sent, terminal } = await interruptInTerminal(
      [...BASE, '--cycles', '--ntst', '2000', '--ncol', '7'],
      out,
      // at least two points, so the family cut short holds more than its start
      /cycles 1\/2 {2}from HB1: (?![01] points)[\d,]+ points, g = /,
    );
    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(terminal).toMatch(/meanfield: interrupted: cycles from HB1: Cancelled after \d+ points\. The branch and the cycles traced so far were written\./);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { status: string; branches: JsonBranch[] };
    expect(doc.status).toBe('ok');
    expect(doc.branches.map((b) => b.kind)).toEqual(['equilibrium', 'cycle']);
    expect(doc.branches[1].status).toBe('cancelled');
    expect(doc.branches[1].points.length).toBeGreaterThan(1);
    expect(doc.branches[1].ends![1].reason).toBe('cancelled');
  }, 120_000);
});
