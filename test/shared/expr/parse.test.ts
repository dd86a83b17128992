import { describe, expect, it } from 'vitest';
import { MAX_EXPR_LENGTH, MAX_PARSE_DEPTH } from '@shared/expr/ast';
import { ExprError } from '@shared/expr/errors';
import { evaluate } from '@shared/expr/evaluate';
import { parseEquation, parseExpression } from '@shared/expr/parse';

const SYMS = ['x', 'y', 'tau_s', 'r', 'v'];
const ENV = { x: 1.5, y: -0.25, tau_s: 2.6, r: 0.3, v: -1.1 };
const val = (text: string) => evaluate(parseExpression(text, SYMS), ENV);

/** The ExprError thrown by `fn` (fails the test if none, or another kind of error, is thrown). */
function exprError(fn: () => unknown): ExprError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ExprError);
    return e as ExprError;
  }
  throw new Error('expected an ExprError');
}

describe('parser: valid input', () => {
  it('numbers in every accepted form', () => {
    expect(val('1')).toBe(1);
    expect(val('2.0')).toBe(2);
    expect(val('.5')).toBe(0.5);
    expect(val('1e-3')).toBe(0.001);
    expect(val('2.5E+4')).toBe(25000);
    expect(val('3.')).toBe(3);
    expect(val('  7 ')).toBe(7);
  });

  it('precedence and associativity', () => {
    expect(val('2^3^2')).toBe(512);
    expect(val('2**3**2')).toBe(512);
    expect(val('-2^2')).toBe(-4);
    expect(val('-2**2')).toBe(-4);
    expect(val('(-2)^2')).toBe(4);
    expect(val('2*-3')).toBe(-6);
    expect(val('2^-1')).toBe(0.5);
    expect(val('1 - 2 - 3')).toBe(-4);
    expect(val('8/4/2')).toBe(1);
    expect(val('1 + 2*3')).toBe(7);
    expect(val('(1 + 2)*3')).toBe(9);
    expect(val('+x - -y')).toBe(ENV.x + ENV.y);
    expect(val('--x')).toBe(ENV.x);
    expect(val('-x^2')).toBe(-(ENV.x ** 2));
    expect(val('2*x^2/4')).toBe((2 * ENV.x ** 2) / 4);
  });

  it('functions, pi and declared symbols', () => {
    expect(val('exp(0) + log(1)')).toBe(1);
    expect(val('min(x, y) + max(x, y)')).toBe(ENV.x + ENV.y);
    expect(val('sqrt(abs(y))')).toBe(0.5);
    expect(val('pi')).toBe(Math.PI);
    expect(val('atan(1)*4')).toBeCloseTo(Math.PI, 15);
    expect(val('tanh(x) + sinh(x) + cosh(x) + sin(x) + cos(x) + tan(x)')).toBeCloseTo(
      Math.tanh(1.5) + Math.sinh(1.5) + Math.cosh(1.5) + Math.sin(1.5) + Math.cos(1.5) + Math.tan(1.5),
      14,
    );
    expect(val('-s_x + tau_s'.replace('s_x', 'r'))).toBeCloseTo(2.3, 15);
  });

  it('parses an equation and reports columns relative to the whole line', () => {
    const eq = parseEquation("r' = -r/tau_s + x", SYMS);
    expect(eq.state).toBe('r');
    expect(evaluate(eq.rhs, ENV)).toBeCloseTo(-0.3 / 2.6 + 1.5, 15);
    expect(parseEquation('d/dt v = 2*v', SYMS).state).toBe('v');
    const e = exprError(() => parseEquation("r' = x + foo", SYMS));
    expect(e.message).toBe("equation r': unknown symbol 'foo' at column 10");
    expect(exprError(() => parseEquation('r = x', SYMS)).message).toMatch(/x' = <expression>/);
  });
});

describe('parser: errors name context, column and token', () => {
  const cases: [string, string, number, string][] = [
    ['x + foo', 'unknown symbol', 5, 'foo'],
    ['exp + 1', 'function used without arguments', 1, 'exp'],
    ['x(2)', 'not a function', 1, 'x'],
    ['pi(2)', 'not a function', 1, 'pi'],
    ['constructor(1)', 'unknown function', 1, 'constructor'],
    ['min(x)', 'wrong number of arguments (expected 2, got 1) for', 1, 'min'],
    ['exp(x, y)', 'wrong number of arguments (expected 1, got 2) for', 1, 'exp'],
    ['x + 1 2', 'unexpected', 7, '2'],
    ['x )', 'unexpected', 3, ')'],
    ['(x', "expected ')', found the end of the expression", 3, ''],
    ['x +', 'unexpected end of expression', 4, ''],
    ['exp(x', "expected ')', found the end of the expression", 6, ''],
    ['2x', 'malformed number', 1, '2x'],
    ['1.2.3', 'malformed number', 1, '1.2.3'],
    ['1e', 'malformed number', 1, '1e'],
    ['1e999', 'number out of range', 1, '1e999'],
    ['x = 1', 'invalid character', 3, '='],
    ['x; y', 'invalid character', 2, ';'],
    ['x * * y', 'unexpected', 5, '*'],
  ];
  for (const [text, problem, col, token] of cases) {
    it(`${text} -> ${problem}`, () => {
      const e = exprError(() => parseExpression(text, SYMS, "equation r'"));
      expect(e.context).toBe("equation r'");
      expect(e.position).toBe(col);
      expect(e.token).toBe(token);
      expect(e.message.startsWith(`equation r': ${problem}`)).toBe(true);
      expect(e.message).toContain(`at column ${col}`);
      if (token) expect(e.message).toContain(`'${token}'`);
    });
  }

  it('empty input', () => {
    expect(exprError(() => parseExpression('', SYMS, 'c')).message).toBe('c: empty expression');
    expect(exprError(() => parseExpression('   ', SYMS, 'c')).message).toBe('c: empty expression');
    expect(exprError(() => parseEquation("r' =  ", SYMS)).message).toBe("equation r': empty expression");
  });

  it('a symbol is known only when declared (no prototype lookups)', () => {
    for (const name of ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty']) {
      expect(exprError(() => parseExpression(name, SYMS)).message).toBe(`unknown symbol '${name}' at column 1`);
    }
  });
});

describe('parser: hostile input', () => {
  const hostile = [
    'constructor',
    '__proto__',
    'prototype',
    'this',
    'globalThis',
    'process.exit()',
    'process.exit(1)',
    'constructor.constructor("return process")()',
    '${1}',
    '`${process.exit()}`',
    '`x`',
    '"; alert(1); "',
    "'; alert(1); '",
    "require('fs')",
    'import("fs")',
    'a[0]',
    'x[0]',
    'x=>x',
    '() => 1',
    'x || y',
    'x && y',
    'x ? y : 1',
    'x // comment',
    'x /* c */',
    'new Function("1")',
    'x\u0430', // Cyrillic a
    '\u0445', // Cyrillic x, looks like x
    'x\u00a0+ 1', // no-break space
    'x\u200b', // zero-width space
    'ｘ', // full-width x
    '\u2212x', // minus sign
    'x\\y',
    '#x',
    '@x',
    '{x}',
    'x % 2',
    'x ! ',
    'x < y',
    'x, y',
    'min(x, y,)',
    'exp()',
    '()',
  ];
  for (const text of hostile) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      const e = exprError(() => parseExpression(text, SYMS, 'input I'));
      expect(e.message.startsWith('input I: ')).toBe(true);
      expect(e.position === 0 || e.position >= 1).toBe(true);
    });
  }

  it('non-ASCII characters are named by code point', () => {
    const e = exprError(() => parseExpression('x + \u0445', SYMS));
    expect(e.token).toBe('U+0445');
    expect(e.position).toBe(5);
  });

  it('refuses very long input at once, without looking at it', () => {
    const long = '1+'.repeat(500_000) + '1';
    expect(long.length).toBeGreaterThan(1e6);
    const e = exprError(() => parseExpression(long, SYMS, 'c'));
    expect(e.message).toContain(`longer than ${MAX_EXPR_LENGTH}`);
    expect(exprError(() => parseEquation(`r' = ${long}`, SYMS)).message).toContain('longer than');
    // Just below the limit is fine.
    const k = Math.floor((MAX_EXPR_LENGTH - 1) / 2);
    const justBelow = '1+'.repeat(k) + '1';
    expect(justBelow.length).toBeLessThanOrEqual(MAX_EXPR_LENGTH);
    expect(val(justBelow)).toBe(k + 1);
  });

  it('refuses deep nesting with an ExprError, not a stack overflow', () => {
    for (const n of [MAX_PARSE_DEPTH + 1, 1000, 4999, 100_000]) {
      for (const text of ['('.repeat(n) + 'x' + ')'.repeat(n), '-'.repeat(n) + 'x', 'x^'.repeat(n) + 'x', 'exp('.repeat(n) + 'x' + ')'.repeat(n)]) {
        const e = exprError(() => parseExpression(text, SYMS, 'c'));
        if (text.length > MAX_EXPR_LENGTH) expect(e.message).toMatch(/^c: text longer than 10000 characters/);
        else expect(e.message).toMatch(/^c: nested deeper than 200 levels at column \d+$/);
      }
    }
    // The limit itself is accepted.
    const ok = '('.repeat(MAX_PARSE_DEPTH - 1) + 'x' + ')'.repeat(MAX_PARSE_DEPTH - 1);
    expect(val(ok)).toBe(ENV.x);
  });
});
