/** `meanfield continue` end to end through bin/meanfield.mjs (the built CLI). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../src-main/engine/compile';
import { runContinuation } from '../../src-main/engine/continuation/run';
import { ensureBuild } from './ensure-build';
import { interruptInTerminal, meanfield } from './cli-run';
import { ikNodimBranchRequest } from './engine/fixtures/ik-nodim-hb1';

const BASE = ['continue', '--model', 'ik_nodim', '--param', 'g', '--from', '0', '--to', '3', '--input', 'I_ext=0.15'];

/**
 * A strict reader of the CSV: '#' lines skipped, every row with as many fields as the header, and
 * every field either empty, a label (type, criticality) or a number that parses.
 */
function readCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  const data = lines.filter((l) => !l.startsWith('#'));
  const header = data[0].split(',');
  const rows = data.slice(1).map((l) => l.split(','));
  const labels = new Set([header.indexOf('type'), header.indexOf('criticality')]);
  for (const row of rows) {
    expect(row).toHaveLength(header.length);
    row.forEach((f, i) => {
      if (f !== '' && !labels.has(i)) expect(Number.isFinite(Number(f)), `${header[i]} = '${f}'`).toBe(true);
    });
  }
  return { header, rows };
}

/** The same trace in this process. */
const inProcess = runContinuation(compileModel(getTemplate('ik_nodim')!), ikNodimBranchRequest());

let tmp = '';
beforeAll(() => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'meanfield-continue-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('meanfield continue', () => {
  it('prints the branch as JSON in the documented shape, equal to the engine run in-process', () => {
    const r = meanfield(...BASE);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.param).toBe('g');
    expect(doc.status).toBe('ok');
    expect(doc.settings.inputs.I_ext).toBe(0.15);
    expect(doc.branches).toHaveLength(1);
    const b = doc.branches[0];
    const ref = inProcess.branch!;
    expect(b.points).toHaveLength(ref.points.length);
    b.points.forEach((q: { p: number; state: Record<string, number>; stable: boolean; eigenvalues: number[][] }, i: number) => {
      expect(q.p).toBe(ref.points[i].p);
      expect(Object.values(q.state)).toEqual(ref.points[i].x);
      expect(Object.keys(q.state)).toEqual(['r', 'v', 'u', 's']);
      expect(q.stable).toBe(ref.points[i].stable);
      expect(q.eigenvalues).toEqual(ref.points[i].eigenvalues);
    });
    expect(b.special.map((s: { label: string }) => s.label)).toEqual(['HB1', 'HB2']);
    const [hb1, hb2] = b.special;
    for (const key of ['type', 'label', 'p', 'state', 'eigenvalues', 'omega', 'l1', 'criticality', 'converged']) expect(hb1).toHaveProperty(key);
    expect(hb1.criticality).toBe('supercritical');
    expect(hb2.criticality).toBe('subcritical');
    expect(hb1.p).toBe(ref.special[0].p);
  });

  it('writes CSV that a CSV reader takes: eigenvalues per point, special points as rows in order', () => {
    const out = join(tmp, 'branch.csv');
    const r = meanfield(...BASE, '--format', 'csv', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const ref = inProcess.branch!;
    const { header, rows } = readCsv(readFileSync(out, 'utf8'));
    const evs = ['ev1_re', 'ev1_im', 'ev2_re', 'ev2_im', 'ev3_re', 'ev3_im', 'ev4_re', 'ev4_im'];
    expect(header).toEqual(['type', 'p', 'r', 'v', 'u', 's', 'stable', ...evs, 'omega', 'period', 'l1', 'criticality', 'converged']);
    const col = (name: string) => header.indexOf(name);
    // Every point, then the special points inserted where they lie along the branch.
    const types = rows.map((row) => row[0]);
    expect(types.filter((t) => t !== '' && t !== 'EP')).toEqual(['HB1', 'HB2']);
    expect(types[0]).toBe('EP');
    expect(types[types.length - 1]).toBe('EP');
    const points = rows.filter((row) => !/^(HB|LP|BP)/.test(row[0]));
    expect(points).toHaveLength(ref.points.length);
    points.forEach((row, i) => {
      const q = ref.points[i];
      expect(Number(row[col('p')])).toBe(q.p);
      expect(Number(row[col('stable')])).toBe(q.stable ? 1 : 0);
      q.eigenvalues.forEach(([re, im], k) => {
        expect(Number(row[col(`ev${k + 1}_re`)])).toBe(re);
        expect(Number(row[col(`ev${k + 1}_im`)])).toBe(im);
      });
      expect(row.slice(col('omega'))).toEqual(['', '', '', '', '']);
    });
    ref.special.forEach((s) => {
      const i = types.indexOf(s.label);
      const row = rows[i];
      expect(Number(row[col('p')])).toBe(s.p);
      expect(Number(row[col('l1')])).toBe(s.l1);
      expect(Number(row[col('omega')])).toBe(s.omega);
      expect(Number(row[col('period')])).toBe(s.period);
      expect(row[col('criticality')]).toBe(s.criticality);
      expect(row[col('converged')]).toBe('1');
      expect(row[col('stable')]).toBe('');
      // In order along the branch: between the points it lies between.
      expect(Number(rows[i - 1][col('p')])).toBeLessThan(s.p);
      expect(Number(rows[i + 1][col('p')])).toBeGreaterThan(s.p);
    });
    expect(Number(rows[types.indexOf('HB1')][col('l1')])).toBeLessThan(0);
  });

  it('Ctrl+C during the trace writes the branch so far, says so and exits 130', async () => {
    // A real terminal (script(1) gives the CLI one): ^C is sent once the progress line shows points.
    const out = join(tmp, 'interrupted.csv');
    const { code, sent, terminal } = await interruptInTerminal(
      [...BASE, '--ds-max', '1e-5', '--max-points', '100000', '--format', 'csv'],
      out,
      /continuing\s+\d+%\s+[\d,]+ points/,
    );
    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(terminal).toMatch(/meanfield: interrupted: Cancelled after \d+ points\. The branch traced so far was written\./);
    const { rows } = readCsv(readFileSync(out, 'utf8'));
    expect(rows.length).toBeGreaterThan(1);
    // Both ends of what was traced are marked; the trace started at g = 0.5.
    expect(rows[0][0]).toBe('EP');
    expect(rows.some((row) => Number(row[1]) === 0.5)).toBe(true);
  }, 120_000);

  it('honours --set, --init and --max-points', () => {
    const r = meanfield(...BASE, '--set', 'g=1.5', '--init', 'r=0.1', '--max-points', '5');
    expect(r.code).toBe(0);
    const b = JSON.parse(r.stdout).branches[0];
    expect(b.points).toHaveLength(11);
    expect(b.points[b.startIndex].p).toBe(1.5);
    expect(b.ends.map((e: { reason: string }) => e.reason)).toEqual(['maxPoints', 'maxPoints']);
    expect(r.stderr).toMatch(/note: stopped after 5 points/);
  });

  it.each([
    ['an unknown parameter', ['--param', 'G'], /^meanfield: --param: unknown parameter or input 'G' .*g, E_r/],
    ['a missing bound', ['--from'], /^meanfield: --from: missing value/],
    ['a reversed range', ['--to', '-1'], /^meanfield: --to: must be greater than --from/],
    ['a start outside the range', ['--set', 'g=5'], /^meanfield: --from\/--to: the range \[0, 3\] does not contain the current value g = 5/],
    ['a bad number', ['--max-points', '2.5'], /^meanfield: --max-points: must be a whole number/],
    ['an unknown input', ['--input', 'I=1'], /^meanfield: --input I=1: unknown input 'I'/],
    ['a simulate option', ['--dt', '1'], /^meanfield: unknown option '--dt' for continue/],
    ['a bad format', ['--format', 'xml'], /^meanfield: --format: must be csv or json/],
  ])('exits 2 with one line for %s', (_, extra, message) => {
    // A repeated --param/--from/--to is itself an error, so the base ones are dropped when replaced.
    const args = [...BASE];
    for (const opt of ['--param', '--from', '--to']) {
      const i = args.indexOf(opt);
      if (extra.includes(opt)) args.splice(i, 2);
    }
    const r = meanfield(...args, ...extra);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('exits 1 with the message when no steady state is found', () => {
    // With Delta = 0 and r = 0 initially, r stays 0 and v' = v^2 + eta (alpha = 0, u = 0) has no rest
    // state for eta = 1: Newton fails and the simulation blows up (v = tan t).
    const r = meanfield(
      'continue',
      '--model',
      'ik_nodim',
      '--param',
      'eta',
      '--from',
      '0',
      '--to',
      '2',
      '--set',
      'eta=1',
      '--set',
      'Delta=0',
      '--set',
      'alpha=0',
      '--set',
      'a=0',
      '--set',
      'd=0',
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^meanfield: No steady state found at eta = 1/);
  });

  it('has help', () => {
    const r = meanfield('help', 'continue');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--param P');
    expect(meanfield('continue', '--help').stdout).toBe(r.stdout);
  });
});
