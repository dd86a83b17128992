import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { differentiate } from '@shared/expr/diff';
import { evaluate } from '@shared/expr/evaluate';
import { parseExpression } from '@shared/expr/parse';
import { symbolLatex, toLatex, toText } from '@shared/expr/print';
import { simplify } from '@shared/expr/simplify';
import { randomTree } from './random-tree';
import { rng, uniform } from './rng';

const SYMS = ['x', 'y', 'z', 'Delta', 'tau', 'tau_s', 'E_r', 'v_r', 'eta', 'alpha', 'I_ext', 'r', 'v', 'g', 's', 'x1'];
const p = (t: string) => parseExpression(t, SYMS);

describe('toText', () => {
  it('prints with the fewest parentheses that keep the structure', () => {
    const cases: [string, string][] = [
      ['2^3^2', '2^3^2'],
      ['(2^3)^2', '(2^3)^2'],
      ['-x^2', '-x^2'],
      ['(-x)^2', '(-x)^2'],
      ['2*-3', '2*-3'],
      ['x - (y - z)', 'x - (y - z)'],
      ['(x - y) - z', 'x - y - z'],
      ['x/(y*z)', 'x/(y*z)'],
      ['x + y*z', 'x + y*z'],
      ['(x + y)*z', '(x + y)*z'],
      ['-(x*y)', '-(x*y)'],
      ['x**-2', 'x^-2'],
      ['exp(-x)*pi', 'exp(-x)*pi'],
      ['min(x, 1e-7)', 'min(x, 1e-7)'],
      ['.5 * 1E3', '0.5*1000'],
    ];
    for (const [src, want] of cases) {
      expect(toText(p(src))).toBe(want);
    }
  });

  it('parse(toText(t)) evaluates exactly like t on random trees', () => {
    const r = rng(31337);
    for (let t = 0; t < 500; t++) {
      const tree = randomTree(r, 6);
      const back = parseExpression(toText(tree), ['x', 'y', 'z']);
      for (let k = 0; k < 3; k++) {
        const env = { x: uniform(r, -3, 3), y: uniform(r, -3, 3), z: uniform(r, -3, 3) };
        expect(
          Object.is(evaluate(back, env), evaluate(tree, env)) || (Number.isNaN(evaluate(back, env)) && Number.isNaN(evaluate(tree, env))),
          toText(tree),
        ).toBe(true);
        const s = simplify(tree);
        const sBack = parseExpression(toText(s), ['x', 'y', 'z']);
        const a = evaluate(sBack, env);
        const b = evaluate(s, env);
        expect(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)), toText(s)).toBe(true);
      }
    }
  });

  it('prints the branch nodes of derivatives readably', () => {
    expect(toText(differentiate(p('min(x, y)'), 'x'))).toBe('(x < y ? 1 : 0)');
  });
});

describe('toLatex', () => {
  it('names: Greek letters, subscripts, words upright', () => {
    expect(symbolLatex('Delta')).toBe('\\Delta');
    expect(symbolLatex('tau')).toBe('\\tau');
    expect(symbolLatex('eta')).toBe('\\eta');
    expect(symbolLatex('alpha')).toBe('\\alpha');
    expect(symbolLatex('tau_s')).toBe('\\tau_{s}');
    expect(symbolLatex('E_r')).toBe('E_{r}');
    expect(symbolLatex('v_r')).toBe('v_{r}');
    expect(symbolLatex('I_ext')).toBe('I_{\\mathrm{ext}}');
    expect(symbolLatex('x1')).toBe('x_{1}');
    expect(symbolLatex('a_b_c')).toBe('a_{\\mathrm{b\\_c}}');
    expect(symbolLatex('rate')).toBe('\\mathrm{rate}');
  });

  it('fractions, powers, products and pi', () => {
    expect(toLatex(p('Delta/(pi*tau)'))).toBe('\\frac{\\Delta}{\\pi \\tau}');
    expect(toLatex(p('(pi*tau*r)^2'))).toBe('{\\left(\\pi \\tau r\\right)}^{2}');
    expect(toLatex(p('v^2'))).toBe('{v}^{2}');
    expect(toLatex(p('2*3'))).toBe('2 \\cdot 3');
    expect(toLatex(p('x*2'))).toBe('x \\cdot 2');
    expect(toLatex(p('2*x'))).toBe('2 x');
    expect(toLatex(p('g*s*tau*(E_r - v)'))).toBe('g s \\tau \\left(E_{r} - v\\right)');
    expect(toLatex(p('x - (y + z)'))).toBe('x - \\left(y + z\\right)');
    expect(toLatex(p('x + -y'))).toBe('x + \\left(-y\\right)');
    expect(toLatex(p('sqrt(x) + abs(y) + exp(z)'))).toBe('\\sqrt{x} + \\left|y\\right| + \\exp\\left(z\\right)');
    expect(toLatex(p('1e-7*x'))).toBe('10^{-7} x');
    expect(toLatex(p('x'), { symbol: (n) => (n === 'x' ? '\\xi' : undefined) })).toBe('\\xi');
  });

  it('renders (KaTeX) every random tree and its derivative', () => {
    const r = rng(8);
    for (let t = 0; t < 200; t++) {
      const tree = randomTree(r, 5);
      for (const n of [tree, simplify(tree), differentiate(tree, 'x')]) {
        const tex = toLatex(n);
        expect(() => katex.renderToString(tex, { throwOnError: true }), tex).not.toThrow();
      }
    }
  });
});
