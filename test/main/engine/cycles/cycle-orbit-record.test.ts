/**
 * The orbit every recorded cycle point carries (cycles/record.ts orbitRows, @shared/cycles/types
 * CyclePoint.orbit): rows [phase, state] at the mesh values over one period. Checked against the
 * closed form of Stuart–Landau (a circle of radius sqrt(mu) run at angular speed omega), against
 * the ODE itself on ik_nodim (difference quotients of the rows against T f), for periodicity, the
 * start and the refined extrema; and that the job transfers the arrays while the CLI's output and
 * the partial families leave them out.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import type { CycleBranch, CycleRequest } from '@shared/cycles/types';
import { getTemplate } from '@shared/models/templates';
import { cycleBranchesJson, cyclesCsv } from '../../../../src-main/cli/cycles-output';
import { compileModel } from '../../../../src-main/engine/compile';
import { runContinuation } from '../../../../src-main/engine/continuation/run';
import { gaussLegendre, lagrange, lagrangeDerivative } from '../../../../src-main/engine/cycles/collocation';
import { traceCycles, type CyclePoint } from '../../../../src-main/engine/cycles/trace-cycles';
import { cycleTransferList, runCycleRequest } from '../../../../src-main/engine/run-cycle-request';
import { serveJob } from '../../../../src-main/engine/worker';
import type { WorkerReply } from '../../../../src-main/engine/worker-protocol';
import { tinyModel } from '../continuation/tiny-models';

const OMEGA = 2;

/** Row m of a point's orbit: [phase, state...]. */
const row = (q: CyclePoint, m: number, n: number): number[] => Array.from(q.orbit.subarray(m * (n + 1), (m + 1) * (n + 1)));

/** Checks every structural promise of the orbit of q (n states, ntst * ncol + 1 rows). */
function checkShape(q: CyclePoint, n: number, rows: number): void {
  expect(q.orbit.length).toBe(rows * (n + 1));
  expect(row(q, 0, n)).toEqual([0, ...q.start]);
  expect(row(q, rows - 1, n)[0]).toBe(1);
  for (let m = 1; m < rows; m++) expect(q.orbit[m * (n + 1)]).toBeGreaterThan(q.orbit[(m - 1) * (n + 1)]);
  // Periodic: the last row is the first to the Newton tolerance, relative to each state's range.
  const last = row(q, rows - 1, n);
  for (let i = 0; i < n; i++) expect(Math.abs(last[i + 1] - q.start[i])).toBeLessThan(1e-7 * Math.max(1, q.max[i] - q.min[i]));
}

describe('the orbit of a Stuart–Landau cycle', () => {
  const model = compileModel(tinyModel('sl_rows', { x: 0, y: 0 }, { mu: 0, om: OMEGA }, { x: 'x*(mu - x^2 - y^2) - om*y', y: 'y*(mu - x^2 - y^2) + om*x' }));
  const res = traceCycles(model, { param: 'mu', start: { x: [0, 0], p: 0, omega: OMEGA }, bounds: [-1, 1], ntst: 20, ncol: 4, settings: { maxPoints: 12 } });

  it('is the circle of radius sqrt(mu) at the angle omega T phase from its start', () => {
    expect(res.points.length).toBeGreaterThan(5);
    for (const q of res.points.slice(1)) {
      checkShape(q, 2, 81);
      const r = Math.sqrt(q.p);
      const a0 = Math.atan2(q.start[1], q.start[0]);
      for (let m = 0; m < 81; m++) {
        const [phase, x, y] = row(q, m, 2);
        expect(Math.abs(Math.hypot(x, y) - r)).toBeLessThan(1e-7);
        // The angle advances by omega * t with t = phase * period (OMEGA * T = 2 pi: one turn).
        const d = Math.atan2(y, x) - a0 - OMEGA * phase * q.period;
        expect(Math.abs(Math.atan2(Math.sin(d), Math.cos(d)))).toBeLessThan(1e-6);
      }
    }
  });
});

describe('the orbits of the ik_nodim family from HB1 (I_ext = 0.15)', () => {
  const model = compileModel(getTemplate('ik_nodim')!);
  const branch = runContinuation(model, {
    model: 'ik_nodim',
    params: {},
    initial: {},
    inputs: { I_ext: 0.15 },
    param: 'g',
    bounds: [0, 3],
    settings: { ...DEFAULT_CONTINUATION },
  }).branch!;
  const hb = branch.special.find((s) => s.label === 'HB1')!;
  const request: CycleRequest = {
    model: 'ik_nodim',
    param: 'g',
    values: { I_ext: 0.15 },
    start: { label: 'HB1', state: hb.x.slice(), p: hb.p, omega: hb.omega! },
    bounds: [0, 3],
    settings: { maxPoints: 40 },
    at: [1.5],
  };
  const replies: { reply: WorkerReply; transfer: ArrayBuffer[] }[] = [];
  serveJob({ type: 'run', kind: 'cycle', jobId: 'o1', request, cancel: new SharedArrayBuffer(4) }, (reply, transfer) =>
    replies.push({ reply, transfer: transfer ?? [] }),
  );
  const last = replies.at(-1)!;
  const result = last.reply.type === 'result' && last.reply.kind === 'cycle' ? last.reply.result : null;
  const b = result!.branch!;
  const n = 4;
  const rows = b.ntst * b.ncol + 1;
  const x = new Float64Array(n);
  const f = new Float64Array(n);
  const params = Float64Array.from([...model.def.params, ...model.def.inputs].map((q) => (q.name === 'I_ext' ? 0.15 : q.default)));
  const iG = model.paramNames.indexOf('g');

  it('records an orbit for every point and special point, periodic and starting at `start`', () => {
    expect(b.points.length).toBeGreaterThan(20);
    expect(b.special.some((s) => s.type === 'UZ')).toBe(true);
    for (const q of [...b.points, ...b.special.map((s) => s.point)]) checkShape(q as CyclePoint, n, rows);
  });

  it('satisfies the ODE: difference quotients of the rows against T f(u), and lies within the refined extrema', () => {
    let worst = 0;
    let nonUniform = 0;
    for (const q of b.points.slice(2)) {
      const o = q.orbit!;
      for (let m = 0; m < rows; m++) nonUniform = Math.max(nonUniform, Math.abs(o[m * (n + 1)] - m / (rows - 1)));
      params[iG] = q.p;
      // Scale of T f over the orbit, per state.
      const scale = new Float64Array(n);
      for (let m = 0; m < rows; m++) {
        for (let i = 0; i < n; i++) x[i] = o[m * (n + 1) + 1 + i];
        model.rhs(x, params, f);
        for (let i = 0; i < n; i++) scale[i] = Math.max(scale[i], Math.abs(q.period * f[i]));
      }
      for (let m = 1; m < rows - 1; m++) {
        const dphi = o[(m + 1) * (n + 1)] - o[(m - 1) * (n + 1)];
        for (let i = 0; i < n; i++) x[i] = o[m * (n + 1) + 1 + i];
        model.rhs(x, params, f);
        for (let i = 0; i < n; i++) {
          const quotient = (o[(m + 1) * (n + 1) + 1 + i] - o[(m - 1) * (n + 1) + 1 + i]) / dphi;
          worst = Math.max(worst, Math.abs(quotient - q.period * f[i]) / scale[i]);
        }
      }
      for (let i = 0; i < n; i++) {
        let lo = Infinity;
        let hi = -Infinity;
        for (let m = 0; m < rows; m++) {
          lo = Math.min(lo, o[m * (n + 1) + 1 + i]);
          hi = Math.max(hi, o[m * (n + 1) + 1 + i]);
        }
        const range = q.max[i] - q.min[i];
        // The extrema are refined from the polynomial: the rows lie within them, and close.
        expect(lo).toBeGreaterThanOrEqual(q.min[i] - 1e-12 * range);
        expect(hi).toBeLessThanOrEqual(q.max[i] + 1e-12 * range);
        expect(lo - q.min[i]).toBeLessThan(1e-2 * range);
        expect(q.max[i] - hi).toBeLessThan(1e-2 * range);
      }
    }
    // The mesh adapted to the spikes: the phases are the mesh's, far from uniform.
    expect(nonUniform).toBeGreaterThan(0.01);
    // Central differences (second order, first where the spacing jumps) on the adapted mesh: well within a tenth of the scale of T f.
    expect(worst).toBeLessThan(0.1);
  });

  it('is the collocation solution: the polynomial through the rows of each interval solves du/dphase = T f(u) at its Gauss points', () => {
    const ncol = b.ncol;
    const gauss = gaussLegendre(ncol).x;
    const u = new Float64Array(n);
    const du = new Float64Array(n);
    let worst = 0;
    for (const q of b.points) {
      const o = q.orbit!;
      params[iG] = q.p;
      const scale = q.max.map((hi, i) => q.period * (hi - q.min[i]));
      for (let j = 0; j < b.ntst; j++) {
        // The interval's width from the rows' own phases.
        const h = o[(j + 1) * ncol * (n + 1)] - o[j * ncol * (n + 1)];
        for (const s of gauss) {
          u.fill(0);
          du.fill(0);
          for (let k = 0; k <= ncol; k++) {
            const l = lagrange(ncol, k, s);
            const dl = lagrangeDerivative(ncol, k, s) / h;
            for (let i = 0; i < n; i++) {
              u[i] += l * o[(j * ncol + k) * (n + 1) + 1 + i];
              du[i] += dl * o[(j * ncol + k) * (n + 1) + 1 + i];
            }
          }
          model.rhs(u, params, f);
          for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(du[i] - q.period * f[i]) / scale[i]);
        }
      }
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('transfers the orbit arrays with the result (each buffer once) and leaves them out of the partial families', () => {
    const buffers = last.transfer;
    expect(buffers.length).toBe(new Set(buffers).size);
    expect(buffers.length).toBe(b.points.length + b.special.length);
    expect(cycleTransferList(result!)).toEqual(buffers);
    // Transferring detaches the sender's arrays (a copy would leave them intact).
    const moved = structuredClone(result, { transfer: buffers });
    expect(b.points[0].orbit!.byteLength).toBe(0);
    expect(moved!.branch!.points[0].orbit!.length).toBe(rows * (n + 1));
    const partials = replies.filter((r) => r.reply.type === 'progress' && r.reply.kind === 'cycle' && r.reply.partial !== undefined);
    for (const p of partials) {
      const partial = (p.reply as { partial: CycleBranch }).partial;
      for (const q of partial.points) expect(q.orbit).toBeUndefined();
    }
  });
});

describe('the CLI output of a family with orbits', () => {
  const model = compileModel(tinyModel('sl_cli', { x: 0, y: 0 }, { mu: 0, om: OMEGA }, { x: 'x*(mu - x^2 - y^2) - om*y', y: 'y*(mu - x^2 - y^2) + om*x' }));
  const request: CycleRequest = {
    model: 'sl_cli',
    def: model.def,
    param: 'mu',
    values: {},
    start: { label: 'HB1', state: [0, 0], p: 0, omega: OMEGA },
    bounds: [-1, 1],
    settings: { maxPoints: 6 },
    ntst: 10,
  };
  const outcome = runCycleRequest(request, { isCancelled: () => false, onProgress: () => undefined });
  const result = outcome.ok ? outcome.result : null;

  it('writes the same JSON and CSV as without the orbits (they are not printed)', () => {
    expect(result!.branch!.points.every((q) => q.orbit instanceof Float64Array)).toBe(true);
    const bare = { ...result!, branch: { ...result!.branch!, points: result!.branch!.points.map(({ orbit: _o, ...q }) => q) } };
    const json = [...cycleBranchesJson([{ request, result: result! }])].join('');
    expect(json).not.toMatch(/orbit/);
    expect(json).toBe([...cycleBranchesJson([{ request, result: bare }])].join(''));
    const cont = {
      model: 'sl_cli',
      params: {},
      initial: {},
      inputs: {},
      param: 'mu',
      bounds: [-1, 1] as [number, number],
      settings: { ...DEFAULT_CONTINUATION },
    };
    const csv = [...cyclesCsv(cont, ['x', 'y'], [{ request, result: result! }])].join('');
    expect(csv).toBe([...cyclesCsv(cont, ['x', 'y'], [{ request, result: bare }])].join(''));
    expect(csv.split('\n').length).toBeLessThan(20);
  });
});
