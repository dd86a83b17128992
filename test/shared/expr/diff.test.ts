import { describe, expect, it } from 'vitest';
import type { Node } from '@shared/expr/ast';
import { differentiate } from '@shared/expr/diff';
import { evaluate } from '@shared/expr/evaluate';
import { parseExpression } from '@shared/expr/parse';
import { toText } from '@shared/expr/print';
import { simplify } from '@shared/expr/simplify';
import { randomTree } from './random-tree';
import { rng, uniform } from './rng';

const SYMS = ['x', 'y', 'z'];
const p = (t: string) => parseExpression(t, SYMS);
const at = (n: Node, x: number, y = 0.3, z = -0.7) => evaluate(n, { x, y, z });

/** Richardson-extrapolated central difference of f at x (error O(h^4)). */
function numericDerivative(f: (x: number) => number, x: number): number {
  const h = 1e-3 * Math.max(1, Math.abs(x));
  const d1 = (f(x + h) - f(x - h)) / (2 * h);
  const d2 = (f(x + h / 2) - f(x - h / 2)) / h;
  return (4 * d2 - d1) / 3;
}

describe('derivative of every whitelisted function matches finite differences', () => {
  const cases: [string, [number, number]][] = [
    ['exp(2*x)', [-2, 2]],
    ['log(x)', [0.1, 5]],
    ['sqrt(x)', [0.1, 5]],
    ['abs(x)', [-3, 3]],
    ['sin(x^2)', [-2, 2]],
    ['cos(3*x)', [-2, 2]],
    ['tan(x)', [-1.2, 1.2]],
    ['tanh(x)', [-3, 3]],
    ['sinh(x)', [-3, 3]],
    ['cosh(x)', [-3, 3]],
    ['atan(x)', [-3, 3]],
    ['min(x, 2*x^2)', [-2, 2]],
    ['max(x^3, 1 - x)', [-2, 2]],
    ['x^y', [0.1, 3]],
    ['y^x', [-2, 2]],
    ['x^x', [0.1, 3]],
    ['x^2.5', [0.1, 3]],
    ['1/x - x/(1 + x^2)', [0.1, 3]],
    ['-x^-3', [0.2, 3]],
    ['pi*x*y - z/x', [0.2, 3]],
  ];
  const r = rng(99);
  for (const [text, [lo, hi]] of cases) {
    it(text, () => {
      const f = p(text);
      const df = differentiate(f, 'x');
      for (let i = 0; i < 20; i++) {
        const x = uniform(r, lo, hi);
        const exact = at(df, x);
        const approx = numericDerivative((t) => at(f, t), x);
        // Kinks of abs/min/max: skip points within the difference stencil of the switch.
        const kinkNear = [x - 2e-3, x + 2e-3].some((t) => Math.abs(numericDerivative((s) => at(f, s), t) - approx) > 1e-3 * (1 + Math.abs(approx)));
        if (/abs|min|max/.test(text) && kinkNear) continue;
        expect(Math.abs(exact - approx), `${text} at x=${x}: ${exact} vs ${approx}`).toBeLessThan(1e-7 * (1 + Math.abs(exact)));
      }
    });
  }

  it('uses the active branch of min, max and abs', () => {
    expect(at(differentiate(p('min(x, 2)'), 'x'), 1)).toBe(1);
    expect(at(differentiate(p('min(x, 2)'), 'x'), 3)).toBe(0);
    expect(at(differentiate(p('max(x, 2)'), 'x'), 1)).toBe(0);
    expect(at(differentiate(p('max(x, 2)'), 'x'), 3)).toBe(1);
    expect(at(differentiate(p('abs(x)'), 'x'), -1)).toBe(-1);
    expect(at(differentiate(p('abs(x)'), 'x'), 1)).toBe(1);
  });

  it('simplifies: constants vanish, x^2 gives 2*x, no 0* or 1* left', () => {
    expect(toText(differentiate(p('y*z + 3'), 'x'))).toBe('0');
    expect(toText(differentiate(p('x^2'), 'x'))).toBe('2*x');
    expect(toText(differentiate(p('3*x + y'), 'x'))).toBe('3');
    expect(toText(differentiate(p('-x'), 'x'))).toBe('-1');
    expect(toText(differentiate(p('x*y'), 'y'))).toBe('x');
    expect(toText(differentiate(p('exp(x)'), 'x'))).toBe('exp(x)');
    expect(toText(differentiate(p('y/x'), 'x'))).toBe('-(y/x^2)');
  });
});

/** True when every subtree of `n` evaluates to a finite number. */
function allFinite(n: Node, env: Record<string, number>): boolean {
  if (!Number.isFinite(evaluate(n, env))) return false;
  switch (n.kind) {
    case 'neg':
      return allFinite(n.arg, env);
    case 'bin':
      return allFinite(n.left, env) && allFinite(n.right, env);
    case 'call':
      return n.args.every((a) => allFinite(a, env));
    default:
      return true;
  }
}

describe('simplify and diff on random trees', () => {
  const r = rng(4242);
  const points = Array.from({ length: 8 }, () => [uniform(r, -2, 2), uniform(r, -2, 2), uniform(r, -2, 2)] as const);
  it('simplify does not change values', () => {
    let compared = 0;
    for (let t = 0; t < 400; t++) {
      const tree = randomTree(r, 5);
      const s = simplify(tree);
      for (const [x, y, z] of points) {
        const a = evaluate(tree, { x, y, z });
        const b = evaluate(s, { x, y, z });
        // 0*x = 0 and friends are exact only where every intermediate value is finite.
        if (!allFinite(tree, { x, y, z }) || Math.abs(a) > 1e8) continue;
        compared++;
        expect(Math.abs(a - b), `${toText(tree)} -> ${toText(s)}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(a)));
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('derivatives of random trees match finite differences', () => {
    let compared = 0;
    for (let t = 0; t < 300; t++) {
      const tree = randomTree(r, 4);
      const dt = differentiate(tree, 'x');
      for (const [x, y, z] of points) {
        const f = (s: number) => evaluate(tree, { x: s, y, z });
        const exact = evaluate(dt, { x, y, z });
        const approx = numericDerivative(f, x);
        if (!Number.isFinite(exact) || !Number.isFinite(approx) || Math.abs(exact) > 1e4) continue;
        // Skip non-smooth points (kinks of abs/min/max, poles) where the difference quotient is unreliable.
        const h = 1e-3 * Math.max(1, Math.abs(x));
        const smooth = Math.abs(numericDerivative(f, x + h) - numericDerivative(f, x - h)) < 1e-2 * (1 + Math.abs(approx));
        if (!smooth) continue;
        compared++;
        expect(Math.abs(exact - approx), `d/dx ${toText(tree)} = ${toText(dt)} at ${x}`).toBeLessThan(1e-5 * (1 + Math.abs(exact)));
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});
