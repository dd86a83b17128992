/**
 * Printers of expression trees: `toText` (the model language itself, re-parsable so that
 * parse(toText(t)) evaluates to exactly the same value as t) and `toLatex` (for display).
 *
 * `cond` nodes (only produced by differentiation of min/max/abs) print as `(l < r ? a : b)` in text,
 * which is for reading only: the language has no comparison.
 */
import type { Node } from './ast';
import { functionSpec, type FnName } from './functions';

/** Binding strength: sums 1, products 2, unary minus 3, powers 4, atoms 5. */
function prec(n: Node): number {
  switch (n.kind) {
    case 'num':
      return n.value < 0 || Object.is(n.value, -0) ? 3 : 5;
    case 'neg':
      return 3;
    case 'bin':
      return n.op === '+' || n.op === '-' ? 1 : n.op === '^' ? 4 : 2;
    default:
      return 5;
  }
}

function numberText(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`cannot print the number ${String(v)}`);
  return Object.is(v, -0) ? '-0' : String(v);
}

const paren = (s: string, yes: boolean) => (yes ? `(${s})` : s);

/** Spellings for printing the language in a related syntax (e.g. PyRates' function names). */
export interface TextOptions {
  /** Name written for a call of `fn` (default: `fn`). */
  fn?: (fn: FnName) => string;
  /** Text of a number literal (default: the shortest text that reads back as the same double). */
  number?: (value: number) => string;
}

/**
 * Text in the model language. Parentheses are added wherever the parser would otherwise group
 * differently (left-associative operators get parentheses on an equal-precedence right operand),
 * so the printed text parses back to the same tree, up to negative literals becoming `neg`.
 * `opts` changes only how function names and numbers are spelled, never the grouping.
 */
export function toText(node: Node, opts: TextOptions = {}): string {
  const rec = (n: Node): string => toText(n, opts);
  switch (node.kind) {
    case 'num':
      return opts.number ? opts.number(node.value) : numberText(node.value);
    case 'const':
      return node.name;
    case 'sym':
      return node.name;
    case 'neg':
      return `-${paren(rec(node.arg), prec(node.arg) <= 3)}`;
    case 'call':
      return `${opts.fn ? opts.fn(node.fn) : node.fn}(${node.args.map(rec).join(', ')})`;
    case 'cond':
      return `(${rec(node.left)} < ${rec(node.right)} ? ${rec(node.then)} : ${rec(node.else)})`;
    case 'bin': {
      const p = prec(node);
      if (node.op === '^') {
        // Right-associative; the exponent may be a unary minus (2^-x).
        return `${paren(rec(node.left), prec(node.left) <= 4)}^${paren(rec(node.right), prec(node.right) < 3)}`;
      }
      const l = paren(rec(node.left), prec(node.left) < p);
      const r = paren(rec(node.right), prec(node.right) <= p);
      return p === 1 ? `${l} ${node.op} ${r}` : `${l}${node.op}${r}`;
    }
  }
}

const GREEK = new Set([
  'alpha',
  'beta',
  'gamma',
  'Gamma',
  'delta',
  'Delta',
  'epsilon',
  'varepsilon',
  'zeta',
  'eta',
  'theta',
  'Theta',
  'vartheta',
  'iota',
  'kappa',
  'lambda',
  'Lambda',
  'mu',
  'nu',
  'xi',
  'Xi',
  'rho',
  'varrho',
  'sigma',
  'Sigma',
  'tau',
  'upsilon',
  'Upsilon',
  'phi',
  'Phi',
  'varphi',
  'chi',
  'psi',
  'Psi',
  'omega',
  'Omega',
  'Pi',
]);

/** LaTeX of one identifier part: Greek names as commands, single letters as is, words upright. */
function latexWord(w: string): string {
  if (GREEK.has(w)) return `\\${w}`;
  if (w.length <= 1 || /^\d+$/.test(w)) return w;
  return `\\mathrm{${w}}`;
}

/**
 * LaTeX of a symbol name: `tau_s` -> `\tau_{s}`, `E_r` -> `E_{r}`, `Delta` -> `\Delta`,
 * `I_ext` -> `I_{\mathrm{ext}}`, `x1` -> `x_{1}`.
 */
export function symbolLatex(name: string): string {
  const cut = name.indexOf('_');
  let base = cut < 0 ? name : name.slice(0, cut);
  const sub = cut < 0 ? '' : name.slice(cut + 1);
  let digits = '';
  const m = /^([A-Za-z]+)(\d+)$/.exec(base);
  if (m && sub === '') {
    base = m[1];
    digits = m[2];
  }
  if (base === '') return `\\mathrm{${name.replace(/_/g, '\\_')}}`;
  const subscript = sub !== '' ? (sub.includes('_') ? `\\mathrm{${sub.replace(/_/g, '\\_')}}` : latexWord(sub)) : digits;
  return subscript === '' ? latexWord(base) : `${latexWord(base)}_{${subscript}}`;
}

function latexNumber(v: number): string {
  if (Number.isNaN(v)) return '\\mathrm{NaN}';
  if (!Number.isFinite(v)) return v > 0 ? '\\infty' : '-\\infty';
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const exp = Number(s.slice(e + 1));
  const mant = s.slice(0, e);
  return mant === '1' ? `10^{${exp}}` : mant === '-1' ? `-10^{${exp}}` : `${mant} \\cdot 10^{${exp}}`;
}

const lparen = (s: string, yes: boolean) => (yes ? `\\left(${s}\\right)` : s);

export interface LatexOptions {
  /** LaTeX of a symbol (e.g. from the model's metadata); default `symbolLatex(name)`. */
  symbol?: (name: string) => string | undefined;
}

/** LaTeX for display: \frac for division, ^{} for powers, \cdot between numbers, \pi. */
export function toLatex(node: Node, opts: LatexOptions = {}): string {
  const rec = (n: Node): string => toLatex(n, opts);
  switch (node.kind) {
    case 'num':
      return latexNumber(node.value);
    case 'const':
      return '\\pi';
    case 'sym':
      return opts.symbol?.(node.name) ?? symbolLatex(node.name);
    case 'neg':
      return `-${lparen(rec(node.arg), prec(node.arg) <= 3)}`;
    case 'call': {
      const latex = functionSpec(node.fn).latex;
      const args = node.args.map(rec);
      return typeof latex === 'string' ? `${latex}\\left(${args.join(', ')}\\right)` : latex(args);
    }
    case 'cond':
      return `\\left(${rec(node.then)} \\text{ if } ${rec(node.left)} < ${rec(node.right)} \\text{ else } ${rec(node.else)}\\right)`;
    case 'bin': {
      const { op, left, right } = node;
      if (op === '/') return `\\frac{${rec(left)}}{${rec(right)}}`;
      if (op === '^') {
        const atomic = prec(left) === 5 && left.kind !== 'call';
        return `{${lparen(rec(left), !atomic)}}^{${rec(right)}}`;
      }
      if (op === '*') {
        const l = lparen(rec(left), prec(left) < 2);
        const r = lparen(rec(right), prec(right) < 2 || prec(right) === 3);
        const needDot = /^[\d.]/.test(r) || (/\d$/.test(l) && /^\d/.test(r));
        return `${l}${needDot ? ' \\cdot ' : ' '}${r}`;
      }
      const l = rec(left);
      const r = lparen(rec(right), op === '-' ? prec(right) <= 1 : prec(right) < 1 || prec(right) === 3);
      return `${l} ${op} ${r}`;
    }
  }
}
