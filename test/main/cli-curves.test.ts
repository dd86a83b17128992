/**
 * `meanfield continue --curves Q:A:B` end to end through bin/meanfield.mjs (the built CLI): option
 * checks, the JSON `curves` field and the CSV, the Hopf curve of ik_nodim in (g, eta) at
 * I_ext = 0.15 against AUTO-07p (test/fixtures/reference/ik_nodim_hopf_curve_g_eta_Iext0.15.json),
 * a cusp on a fold curve checked against one-parameter branches on both sides of it, and Ctrl+C.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuild } from './ensure-build';
import { commandParser, interruptInTerminal, meanfield } from './cli-run';

const BASE = ['continue', '--model', 'ik_nodim', '--param', 'g', '--from', '0', '--to', '3', '--input', 'I_ext=0.15'];

const ref = JSON.parse(readFileSync(join(__dirname, '../fixtures/reference/ik_nodim_hopf_curve_g_eta_Iext0.15.json'), 'utf8')) as {
  branch_forward: { data: number[][] };
  branch_backward: { data: number[][] };
};
/** AUTO-07p's points (g, eta, r, v, u, s) inside the range of g traced here. */
const autoRows = [...ref.branch_forward.data, ...ref.branch_backward.data].filter((r) => r[0] >= 0 && r[0] <= 3);

interface JsonPoint {
  params: Record<string, number>;
  state: Record<string, number>;
  kappa?: number;
  omega?: number | null;
}
interface JsonSpecial extends JsonPoint {
  type: string;
  label: string;
  coefficients: Record<string, number>;
  converged: boolean;
  index: number;
}
interface JsonCurve {
  type: string;
  from: string;
  params: [string, string];
  bounds: [[number, number], [number, number]];
  status: string;
  message: string;
  points: JsonPoint[];
  special: JsonSpecial[];
  ends: { reason: string; message: string }[] | null;
  startIndex: number | null;
}

/** Distance in the (g, eta) plane from (g, eta) to the polyline of `points`. */
function distanceToPolyline(points: JsonPoint[], g: number, eta: number): number {
  let best = Infinity;
  for (let i = 0; i + 1 < points.length; i++) {
    const [ax, ay] = [points[i].params.g, points[i].params.eta];
    const [dx, dy] = [points[i + 1].params.g - ax, points[i + 1].params.eta - ay];
    const len = dx * dx + dy * dy;
    const t = len > 0 ? Math.min(1, Math.max(0, ((g - ax) * dx + (eta - ay) * dy) / len)) : 0;
    best = Math.min(best, Math.hypot(ax + t * dx - g, ay + t * dy - eta));
  }
  return best;
}

let tmp = '';
beforeAll(() => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'meanfield-curves-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('--curves option parsing', () => {
  const { parse, refuse } = commandParser(BASE);

  it('reads Q:A:B, repeatable, with negative numbers and exponents', () => {
    const cmd = parse('--curves', 'eta:-1e-1:1', '--curves=Delta: 0.01 :0.1');
    const c = cmd.kind === 'continue' ? cmd.options.curves : undefined;
    expect(c).toEqual([
      { param: 'eta', from: -0.1, to: 1, text: '--curves eta:-1e-1:1' },
      { param: 'Delta', from: 0.01, to: 0.1, text: '--curves Delta: 0.01 :0.1' },
    ]);
  });

  it.each([
    ['no range', ['--curves', 'eta'], /^--curves eta: expected Q:A:B/],
    ['too many parts', ['--curves', 'eta:0:1:2'], /^--curves eta:0:1:2: expected Q:A:B/],
    ['no name', ['--curves', ':0:1'], /expected Q:A:B/],
    ['A not a number', ['--curves', 'eta:x:1'], /^--curves eta:x:1: A must be a number, got 'x'/],
    ['B not a number', ['--curves', 'eta:0:inf'], /^--curves eta:0:inf: B must be a number, got 'inf'/],
    ['A equal to B', ['--curves', 'eta:1:1'], /^--curves eta:1:1: A must be less than B/],
    ['A above B', ['--curves', 'eta:1:-1'], /A must be less than B/],
    ['Q equal to --param', ['--curves', 'g:0:3'], /^--curves g:0:3: Q must differ from --param g/],
    ['the same Q twice', ['--curves', 'eta:0:1', '--curves', 'eta:-1:1'], /^--curves eta:-1:1: eta is given to --curves more than once/],
    ['a missing value', ['--curves'], /^--curves: missing value/],
  ])('refuses %s, naming --curves', (_, extra, message) => refuse(extra, message));

  it.each([
    [
      'an unknown parameter',
      ['--curves', 'etta:-1:1'],
      /^meanfield: --curves etta:-1:1: unknown parameter or input 'etta' for ik_nodim \(parameters: .*eta.*; inputs: I_ext\)\n$/,
    ],
    ['a state variable', ['--curves', 'r:0:1'], /^meanfield: --curves r:0:1: unknown parameter .*; r is a state variable, not a parameter\n$/],
    [
      'a range without the current value',
      ['--curves', 'eta:0.5:1'],
      /^meanfield: --curves eta:0\.5:1: the range \[0\.5, 1\] does not contain the current value eta = 0, .*--set eta=VALUE/,
    ],
    ['a range of an input without its value', ['--curves', 'I_ext:0:0.1'], /current value I_ext = 0\.15, .*--input I_ext=VALUE/],
    ['a range leaving the domain', ['--curves', 'tau:-1:2'], /^meanfield: --curves tau:-1:2: tau must be > 0: the range \[-1, 2\] leaves the model's domain/],
    ['malformed', ['--curves', 'eta:-1'], /^meanfield: --curves eta:-1: expected Q:A:B/],
  ])('exits 2 on %s before any trace, naming --curves', (_, extra, message) => {
    const r = meanfield(...BASE, ...extra);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('is documented in the help', () => {
    const help = meanfield('help', 'continue').stdout;
    expect(help).toContain('--curves Q:A:B');
    expect(help).toContain('curve,kind,type,<P>,<Q>...');
  });
});

describe('meanfield continue --curves (ik_nodim, Hopf curves in (g, eta) at I_ext = 0.15)', () => {
  // A few AUTO-07p points, spread along the curve, as user points of the curves.
  const picked = autoRows.filter((_, i) => i % 25 === 0);
  let doc: { curves: JsonCurve[]; branches: { special: { label: string; p: number; state: Record<string, number> }[] }[] };
  let stderr = '';
  beforeAll(() => {
    const r = meanfield(...BASE, '--curves', 'eta:-1:1');
    expect(r.code).toBe(0);
    stderr = r.stderr;
    doc = JSON.parse(r.stdout);
  });

  it('lists one Hopf curve per HB point of the branch, in the documented shape', () => {
    expect(stderr).toBe('');
    const hbs = doc.branches[0].special.filter((s) => s.label.startsWith('HB'));
    expect(hbs.length).toBe(2);
    expect(doc.curves.map((c) => [c.type, c.from])).toEqual(hbs.map((s) => ['hopf', s.label]));
    for (const [k, c] of doc.curves.entries()) {
      expect(Object.keys(c)).toEqual(['type', 'from', 'params', 'bounds', 'status', 'message', 'points', 'special', 'ends', 'startIndex']);
      expect(c.params).toEqual(['g', 'eta']);
      expect(c.bounds).toEqual([
        [0, 3],
        [-1, 1],
      ]);
      expect(c.status).toBe('ok');
      expect(c.ends!.map((e) => e.reason)).toEqual(['bound', 'bound']);
      for (const pt of c.points) {
        expect(Object.keys(pt)).toEqual(['params', 'state', 'kappa', 'omega']);
        expect(Object.keys(pt.params)).toEqual(['g', 'eta']);
        expect(Object.keys(pt.state)).toEqual(['r', 'v', 'u', 's']);
        expect(pt.omega).toBeCloseTo(Math.sqrt(pt.kappa!), 12);
      }
      // Starts at its HB point, at the branch's eta = 0.
      const start = c.points[c.startIndex!];
      expect(start.params.g).toBeCloseTo(hbs[k].p, 10);
      expect(start.params.eta).toBe(0);
      for (const name of ['r', 'v', 'u', 's']) expect(start.state[name]).toBeCloseTo(hbs[k].state[name], 10);
    }
  });

  it('passes within 2e-3 of every AUTO-07p point in (g, eta), most within 1e-6 (the rest: chords of the polyline)', () => {
    for (const c of doc.curves) {
      const d = autoRows.map((r) => distanceToPolyline(c.points, r[0], r[1]));
      expect(Math.max(...d)).toBeLessThan(2e-3);
      expect(d.filter((x) => x < 1e-6).length).toBeGreaterThan(0.5 * d.length);
    }
  });

  it('locates the curve at AUTO-07p values of g (--at) to 1e-6 relative in eta and the state', () => {
    const r = meanfield(...BASE, '--curves', 'eta:-1:1', ...picked.flatMap((row) => ['--at', `g=${row[0]}`]));
    expect(r.code).toBe(0);
    const curve = (JSON.parse(r.stdout) as { curves: JsonCurve[] }).curves[0];
    const uz = curve.special.filter((s) => s.type === 'UZ');
    expect(uz.map((s) => s.label)).toEqual(uz.map((_, i) => `UZ${i + 1}`));
    for (const row of picked) {
      const [g, eta] = row;
      const here = uz.filter((s) => s.params.g === g);
      expect(here.length, `g = ${g}`).toBeGreaterThan(0);
      const best = here.reduce((a, b) => (Math.abs(a.params.eta - eta) <= Math.abs(b.params.eta - eta) ? a : b));
      expect(Math.abs(best.params.eta - eta) / Math.max(Math.abs(eta), 1e-2), `g = ${g}`).toBeLessThan(1e-6);
      ['r', 'v', 'u', 's'].forEach((name, i) => expect(Math.abs(best.state[name] - row[2 + i]) / Math.abs(row[2 + i])).toBeLessThan(1e-6));
    }
    // Each user point lies between the two points of the curve it is listed after.
    for (const s of uz) {
      const [a, b] = [curve.points[s.index].params.g, curve.points[s.index + 1].params.g];
      expect((a - s.params.g) * (b - s.params.g)).toBeLessThanOrEqual(0);
    }
  });

  it('writes the same curves as CSV: one row per point and special point, every row complete', () => {
    const r = meanfield(...BASE, '--curves', 'eta:-1:1', '--at', 'g=2.5', '--format', 'csv');
    expect(r.code).toBe(0);
    const json = (JSON.parse(meanfield(...BASE, '--curves', 'eta:-1:1', '--at', 'g=2.5').stdout) as { curves: JsonCurve[] }).curves;
    const lines = r.stdout.trimEnd().split('\n');
    const comments = lines.filter((l) => l.startsWith('#'));
    expect(comments).toHaveLength(1 + json.length);
    expect(comments[1]).toMatch(/^# HB1\/eta: hopf curve in \(g, eta\), eta in \[-1, 1\]: \d+ points; ends: bound \(/);
    const [head, ...rows] = lines.filter((l) => !l.startsWith('#')).map((l) => l.split(','));
    // One column per normal-form coefficient named by any special point (GH: l2).
    const names = [...new Set(json.flatMap((c) => c.special.flatMap((s) => Object.keys(s.coefficients))))];
    expect(names).toContain('l2');
    expect(head).toEqual(['curve', 'kind', 'type', 'g', 'eta', 'r', 'v', 'u', 's', 'kappa', 'omega', 'converged', ...names]);
    for (const row of rows) {
      expect(row).toHaveLength(head.length);
      row.slice(3, 11).forEach((f) => expect(Number.isFinite(Number(f)) && f !== '').toBe(true));
    }
    for (const c of json) {
      const mine = rows.filter((row) => row[0] === `${c.from}/eta`);
      expect(mine).toHaveLength(c.points.length + c.special.length);
      const plain = mine.filter((row) => row[2] === '' || row[2] === 'EP');
      expect(plain.map((row) => row[2])).toEqual(c.points.map((_, i) => (i === 0 || i === c.points.length - 1 ? 'EP' : '')));
      plain.forEach((row, i) => {
        expect(Number(row[3])).toBe(c.points[i].params.g);
        expect(Number(row[4])).toBe(c.points[i].params.eta);
        expect(Number(row[10])).toBe(c.points[i].omega);
      });
      const special = mine.filter((row) => row[2] !== '' && row[2] !== 'EP');
      expect(special.map((row) => [row[2], Number(row[3]), Number(row[4]), row[11]])).toEqual(c.special.map((s) => [s.label, s.params.g, s.params.eta, '1']));
      special.forEach((row, i) =>
        names.forEach((k, j) => expect(row[12 + j]).toBe(k in c.special[i].coefficients ? String(c.special[i].coefficients[k]) : '')),
      );
    }
  });
});

describe('meanfield continue --curves: fold curves', () => {
  // ik_nodim without adaptation (d = 0) is bistable in eta: two folds, whose curve in (eta, g) closes in a cusp.
  const FOLD = ['continue', '--model', 'ik_nodim', '--param', 'eta', '--from', '-2', '--to', '2', '--set', 'd=0', '--set', 'g=1'];

  it('traces the fold curve from each LP point, with the cusp (CP1) where the one-parameter folds meet', () => {
    const r = meanfield(...FOLD, '--curves', 'g:0:3');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { curves: JsonCurve[] };
    expect(doc.curves.map((c) => [c.type, c.from])).toEqual([
      ['fold', 'LP1'],
      ['fold', 'LP2'],
    ]);
    const cps = doc.curves.map((c) => c.special.filter((s) => s.type === 'CP'));
    for (const [k, c] of doc.curves.entries()) {
      expect(cps[k].map((s) => s.label)).toEqual(['CP1']);
      expect(c.points[0]).not.toHaveProperty('kappa');
      expect(Object.keys(cps[k][0])).toEqual(['type', 'label', 'params', 'state', 'coefficients', 'converged', 'index']);
      expect(cps[k][0].converged).toBe(true);
    }
    // Both curves are the same curve: one cusp.
    const cp = cps[0][0];
    expect(cps[1][0].params.g).toBeCloseTo(cp.params.g, 9);
    expect(cps[1][0].params.eta).toBeCloseTo(cp.params.eta, 9);
    // Independently: the branch in eta has two folds just above the cusp's g, none just below.
    const folds = (g: number) => {
      const b = meanfield(...FOLD.slice(0, -1), `g=${g}`);
      expect(b.code).toBe(0);
      return (JSON.parse(b.stdout).branches[0].special as { type: string; p: number }[]).filter((s) => s.type === 'LP');
    };
    const above = folds(cp.params.g + 1e-4);
    expect(above).toHaveLength(2);
    for (const lp of above) expect(Math.abs(lp.p - cp.params.eta)).toBeLessThan(1e-3);
    expect(folds(cp.params.g - 1e-4)).toHaveLength(0);
  });

  it('writes `curves: []` and a note when the branch has no LP or HB point', () => {
    const r = meanfield('continue', '--model', 'ik_nodim', '--param', 'eta', '--from', '-2', '--to', '2', '--curves', 'g:0:3');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).curves).toEqual([]);
    expect(r.stderr).toMatch(/^meanfield: note: the branch has no fold \(LP\) or Hopf \(HB\) point in \[-2, 2\]: no curves to trace\n$/);
    const csv = meanfield('continue', '--model', 'ik_nodim', '--param', 'eta', '--from', '-2', '--to', '2', '--curves', 'g:0:3', '--format', 'csv');
    expect(csv.stdout.split('\n').filter((l) => !l.startsWith('#'))).toEqual(['curve,kind,type,eta,g,r,v,u,s,kappa,omega,converged', '']);
  });
});

describe('meanfield continue --curves: a model file', () => {
  it('traces the same curves from a model file as from the template, also on the worker thread (long curves)', () => {
    const file = join(tmp, 'my_ik.json');
    const json = JSON.parse(meanfield('export', '--model', 'ik_nodim', '--format', 'json').stdout) as { name: string };
    writeFileSync(file, JSON.stringify({ ...json, name: 'my_ik' }));
    // Small steps: the curves take longer than the in-process budget and run on the curve worker.
    const opts = ['--param', 'g', '--from', '0', '--to', '3', '--input', 'I_ext=0.15', '--curves', 'eta:-1:1', '--ds-max', '5e-4', '--max-points', '20000'];
    const mine = meanfield('continue', '--model-file', file, ...opts);
    const template = meanfield('continue', '--model', 'ik_nodim', ...opts);
    expect(mine.code).toBe(0);
    expect(template.code).toBe(0);
    const [a, b] = [mine, template].map((r) => (JSON.parse(r.stdout) as { curves: JsonCurve[] }).curves);
    expect(a.map((c) => [c.from, c.status, c.points.length])).toEqual(b.map((c) => [c.from, 'ok', c.points.length]));
    expect(a[0].points.length + a[1].points.length).toBeGreaterThan(8000);
    expect(a).toEqual(b);
  }, 180_000);
});

describe('meanfield continue --curves: Ctrl+C', () => {
  it('during the curves writes the branch and the curves so far, says so and exits 130', async () => {
    // A real terminal (script(1)); ^C once the progress line shows a curve growing on the worker thread.
    const out = join(tmp, 'interrupted.json');
    const args = [
      'continue',
      '--model',
      'ik_nodim',
      '--param',
      'g',
      '--from',
      '0.6',
      '--to',
      '0.7',
      '--set',
      'g=0.65',
      '--input',
      'I_ext=0.15',
      '--curves',
      'eta:-1:1',
    ];
    const { code, sent, terminal } = await interruptInTerminal(
      [...args, '--ds-max', '1e-5', '--max-points', '100000'],
      out,
      /curves 1\/1 {2}Hopf curve from HB1 in \(g, eta\): [\d,]+ points/,
    );
    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(terminal).toMatch(/meanfield: interrupted: HB1\/eta: Cancelled after \d+ points\. The branch and the curves traced so far were written\./);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { status: string; curves: JsonCurve[] };
    expect(doc.status).toBe('ok');
    expect(doc.curves).toHaveLength(1);
    expect(doc.curves[0].status).toBe('cancelled');
    expect(doc.curves[0].points.length).toBeGreaterThan(1);
    expect(doc.curves[0].ends!.some((e) => e.reason === 'cancelled')).toBe(true);
  }, 120_000);
});
