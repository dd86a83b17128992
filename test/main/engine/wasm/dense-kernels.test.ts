/**
 * The WebAssembly dense kernels (src-main/engine/wasm) against the JavaScript methods they replace:
 * the stored module is the one the assembler makes, and DenseLu and SmallEigen give the same bits
 * either way, on random, singular, non-finite and large matrices, with several instances sharing
 * the module's memory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DenseLu } from '../../../../src-main/engine/continuation/lu';
import { SmallEigen } from '../../../../src-main/engine/continuation/small-eigen';
import { denseKernels, useDenseKernels } from '../../../../src-main/engine/wasm/dense-kernels';
import { denseKernelsModule } from '../../../../src-main/engine/wasm/dense-kernels-module';
import { denseKernelsWasm } from '../../../../src-main/engine/wasm/dense-kernels-wasm';
import { rng } from '../../../shared/expr/rng';

/** Uniform in [-0.5, 0.5), seeded (so failures reproduce). */
function centred(seed: number) {
  const r = rng(seed);
  return () => r() - 0.5;
}

/** Everything DenseLu and SmallEigen report for `a` (order n) and right-hand side `b`, with the kernels on or off. */
function results(a: Float64Array, b: Float64Array, n: number, wasm: boolean): number[] {
  useDenseKernels(wasm);
  const lu = new DenseLu(n);
  const ok = lu.factor(a);
  const x = new Float64Array(n).fill(-7);
  if (ok) lu.solve(b, x);
  const eig = new SmallEigen(n);
  const eigOk = eig.compute(a);
  return [Number(ok), lu.det(), ...lu.lu, ...x, Number(eigOk), ...eig.re, ...eig.im];
}

/** Whether two lists hold the same doubles bit for bit (NaN equal to NaN, 0 unequal to -0). */
const sameBits = (p: number[], q: number[]) => p.length === q.length && p.every((v, i) => Object.is(v, q[i]));

afterEach(() => useDenseKernels(true));

describe('the dense kernels', () => {
  it('are made in this runtime, from the stored bytes, which are what the assembler makes', () => {
    expect(denseKernels()).not.toBeNull();
    expect(Array.from(denseKernelsWasm())).toEqual(Array.from(denseKernelsModule()));
  });

  it('give the bits of the JavaScript methods on random matrices of orders 1 to 14, entries from 1e-3 to 1e3', () => {
    const r = centred(11);
    let compared = 0;
    for (let trial = 0; trial < 1200; trial++) {
      const n = 1 + (trial % 14);
      const a = new Float64Array(n * n).map(() => r() * 10 ** Math.round(6 * r()));
      const b = new Float64Array(n).map(r);
      const js = results(a, b, n, false);
      const wasm = results(a, b, n, true);
      expect(sameBits(js, wasm), `order ${n}, trial ${trial}`).toBe(true);
      compared++;
    }
    expect(compared).toBe(1200);
  });

  it('give the bits of the JavaScript methods on singular, rank-deficient, repeated-eigenvalue and non-finite matrices', () => {
    const cases: [number, number[]][] = [
      [2, [1, 2, 2, 4]],
      [3, [1, 2, 3, 2, 4, 6, 0, 0, 1]],
      [3, [0, 0, 0, 0, 0, 0, 0, 0, 0]],
      [3, [2, 1, 0, 0, 2, 1, 0, 0, 2]],
      [4, [0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0]],
      [2, [1, NaN, 0, 1]],
      [2, [1, Infinity, 0, 1]],
      [3, [1e-300, 0, 0, 0, 1e300, 0, 0, 0, -0]],
      [1, [0]],
      [1, [-3]],
    ];
    for (const [n, entries] of cases) {
      const a = Float64Array.from(entries);
      const b = new Float64Array(n).fill(1);
      const js = results(a, b, n, false);
      expect(sameBits(js, results(a, b, n, true)), JSON.stringify(entries)).toBe(true);
    }
    // The singular ones are reported as such, either way.
    expect(results(Float64Array.from([1, 2, 2, 4]), new Float64Array(2), 2, true)[0]).toBe(0);
  });

  it('keep each factorisation apart when several instances share the memory, and when the memory grows', () => {
    const r = centred(5);
    const small = [new DenseLu(4), new DenseLu(4), new DenseLu(7)];
    const mats = small.map((lu) => new Float64Array(lu.n * lu.n).map(r));
    small.forEach((lu, i) => expect(lu.factor(mats[i])).toBe(true));
    const eig = new SmallEigen(5);
    eig.compute(new Float64Array(25).map(r));
    // An order of 120 needs more than the first 64 KiB page: the memory grows, and every view is made again.
    const big = new DenseLu(120);
    const bigA = new Float64Array(120 * 120).map(r);
    for (let i = 0; i < 120; i++) bigA[i * 121] += 10;
    expect(big.factor(bigA)).toBe(true);
    const check = (lu: DenseLu, a: Float64Array) => {
      const n = lu.n;
      const b = new Float64Array(n).map(r);
      const x = new Float64Array(n);
      lu.solve(b, x);
      let worst = 0;
      for (let i = 0; i < n; i++) {
        let s = -b[i];
        for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
        worst = Math.max(worst, Math.abs(s));
      }
      return worst;
    };
    // Solved in another order than factored: each uses its own factors.
    for (const i of [2, 0, 1, 0]) expect(check(small[i], mats[i])).toBeLessThan(1e-10);
    expect(check(big, bigA)).toBeLessThan(1e-10);
    const again = new SmallEigen(5);
    const m = new Float64Array(25).map(r);
    again.compute(m);
    useDenseKernels(false);
    const js = new SmallEigen(5);
    js.compute(m);
    expect(sameBits([...again.re, ...again.im], [...js.re, ...js.im])).toBe(true);
  });
});
