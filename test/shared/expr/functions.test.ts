/**
 * The function registry is complete: every registered function parses (with its arity only),
 * evaluates, differentiates (checked against finite differences, chain rule included), prints
 * (re-parsable text, LaTeX that KaTeX renders) and compiles to the value of the tree walker.
 * Names outside the registry are refused by the parser.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { differentiate } from '@shared/expr/diff';
import { ExprError } from '@shared/expr/errors';
import { evaluate } from '@shared/expr/evaluate';
import { FUNCTIONS, FUNCTION_NAMES, type FnName, type FunctionSpec } from '@shared/expr/functions';
import { parseExpression } from '@shared/expr/parse';
import { toLatex, toText } from '@shared/expr/print';
import { compileModel } from '../../../src-main/engine/compile';
import { tinyModel } from '../../main/engine/continuation/tiny-models';

const SYMS = ['x', 'y'];
/** Points where the outer function is sampled (filtered by the entry's domain). */
const POINTS = [-1.7, -0.6, 0.35, 0.9, 1.4];

const spec = (fn: FnName): FunctionSpec => FUNCTIONS[fn];

function pointsOf(fn: FnName): number[] {
  const [lo, hi] = spec(fn).domain ?? [-Infinity, Infinity];
  return POINTS.filter((v) => v > lo && v < hi);
}

/** The call `fn(2*x)` or `fn(2*x, 3*y)`: inner factors make the chain rule count. */
const callText = (fn: FnName) => (spec(fn).arity === 1 ? `${fn}(2*x)` : `${fn}(2*x, 3*y)`);

/** (x, y) such that the arguments 2x, 3y are sample points (distinct, so min/max are off the tie). */
function samples(fn: FnName): [number, number][] {
  const pts = pointsOf(fn);
  return pts.map((u, i) => [u / 2, pts[(i + 2) % pts.length] / 3]);
}

/** Richardson-extrapolated central difference (error O(h^4)). */
function numericDerivative(f: (t: number) => number, t: number): number {
  const h = 1e-3 * Math.max(1, Math.abs(t));
  const d1 = (f(t + h) - f(t - h)) / (2 * h);
  const d2 = (f(t + h / 2) - f(t - h / 2)) / h;
  return (4 * d2 - d1) / 3;
}

describe('the function registry', () => {
  it('has entries with arity 1 or 2, a JS callee and a domain that contains sample points', () => {
    expect(FUNCTION_NAMES.length).toBeGreaterThan(10);
    for (const fn of FUNCTION_NAMES) {
      expect([1, 2]).toContain(spec(fn).arity);
      // A JS callee, or (exactly when JS has none) a definition the engine compiles in its place.
      if (spec(fn).expand === undefined) expect(spec(fn).js).toMatch(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/);
      else expect(spec(fn).js).toBeUndefined();
      expect(pointsOf(fn).length, fn).toBeGreaterThanOrEqual(2);
    }
  });

  describe.each(FUNCTION_NAMES)('%s', (fn) => {
    const tree = parseExpression(callText(fn), SYMS);

    it('parses to a call with its arity, and refuses other argument counts', () => {
      expect(tree).toMatchObject({ kind: 'call', fn });
      const args = ['x', 'x, y', 'x, y, x'];
      for (let n = 0; n <= 3; n++) {
        if (n === spec(fn).arity) continue;
        expect(() => parseExpression(`${fn}(${args[n - 1] ?? ''})`, SYMS), `${fn} with ${n} arguments`).toThrow(/wrong number of arguments/);
      }
      expect(() => parseExpression(fn, SYMS)).toThrow(/without arguments/);
    });

    it('evaluates by the registry rule', () => {
      for (const [x, y] of samples(fn)) {
        expect(evaluate(tree, { x, y })).toBe(spec(fn).evaluate(2 * x, 3 * y));
      }
    });

    it('differentiates in each argument as finite differences do', () => {
      for (const v of SYMS) {
        const dTree = differentiate(tree, v);
        for (const [x, y] of samples(fn)) {
          const along = (t: number) => evaluate(tree, v === 'x' ? { x: t, y } : { x, y: t });
          const fd = numericDerivative(along, v === 'x' ? x : y);
          const exact = evaluate(dTree, { x, y });
          expect(Math.abs(exact - fd), `d ${callText(fn)} / d${v} at (${x}, ${y}): ${exact} vs ${fd}`).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
        }
      }
    });

    it('prints text that parses back to the same value, and LaTeX that KaTeX renders', () => {
      const again = parseExpression(toText(tree), SYMS);
      const latex = toLatex(tree);
      expect(() => katex.renderToString(latex, { throwOnError: true })).not.toThrow();
      expect(latex).not.toContain('undefined');
      for (const [x, y] of samples(fn)) expect(evaluate(again, { x, y })).toBe(evaluate(tree, { x, y }));
    });

    it("compiles (value, Jacobian and parameter Jacobian) to the tree walker's values", () => {
      // x is a state, y a parameter: the compiled rhs, d/dx and d/dy against the evaluator.
      const def = tinyModel(`f_${fn}`, { x: 0 }, { y: 0 }, { x: callText(fn) });
      const m = compileModel(def);
      const dx = differentiate(tree, 'x');
      const dy = differentiate(tree, 'y');
      const out = new Float64Array(1);
      for (const [x, y] of samples(fn)) {
        const ys = Float64Array.of(x);
        const ps = Float64Array.of(y);
        m.rhs(ys, ps, out);
        expect(out[0]).toBe(evaluate(tree, { x, y }));
        const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(b)));
        m.jacobian(ys, ps, out);
        close(out[0], evaluate(dx, { x, y }));
        m.paramJacobian(ys, ps, out);
        close(out[0], evaluate(dy, { x, y }));
      }
    });
  });

  it('is the only source of callable names: anything else is refused by the parser', () => {
    for (const name of ['logistic', 'erf', 'Math', 'eval', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'Exp', 'EXP']) {
      let error: unknown;
      try {
        parseExpression(`${name}(x)`, SYMS);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(ExprError);
      expect(String((error as Error).message), name).toContain('unknown function');
    }
  });
});
