/**
 * Algebraic simplification. The smart constructors below (add, sub, mul, div, pow, neg, call,
 * cond) apply local rewrite rules that preserve the value (up to rounding) for finite input: constant
 * folding, x+0, 0*x, 1*x, x/1, x^1, x^0, --x, sign pulling and the like. `simplify` rebuilds a tree
 * bottom-up with them. Rules that are exact except at infinities or NaN (0*x = 0, x-x = 0,
 * x^0 = 1) are applied as every computer-algebra system does.
 *
 * Constants are folded only when the result prints short (see `foldable`), so that derivatives
 * stay readable (`2/3` stays `2/3`); folding never changes the value, it is the same IEEE operation.
 */
import type { Node } from './ast';
import { FUNCTIONS, applyFunction, type FnName } from './functions';

export { applyFunction } from './functions';

const isNum = (n: Node): n is { kind: 'num'; value: number } => n.kind === 'num';
/** True when `n` is the number `v` (not a type guard, so it does not narrow the other branch). */
const isVal = (n: Node, v: number): boolean => n.kind === 'num' && n.value === v;

export const isZero = (n: Node): boolean => isVal(n, 0);
export const isOne = (n: Node): boolean => isVal(n, 1);

/** A folded constant is kept when finite and short to print. */
function foldable(v: number): boolean {
  return Number.isFinite(v) && String(v).length <= 12;
}

/** Structural equality of two trees. */
export function equal(a: Node, b: Node): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'num':
      return b.kind === 'num' && Object.is(a.value, b.value);
    case 'const':
      return b.kind === 'const' && a.name === b.name;
    case 'sym':
      return b.kind === 'sym' && a.name === b.name;
    case 'neg':
      return b.kind === 'neg' && equal(a.arg, b.arg);
    case 'bin':
      return b.kind === 'bin' && a.op === b.op && equal(a.left, b.left) && equal(a.right, b.right);
    case 'call':
      return b.kind === 'call' && a.fn === b.fn && a.args.length === b.args.length && a.args.every((x, i) => equal(x, b.args[i]));
    case 'cond':
      return b.kind === 'cond' && equal(a.left, b.left) && equal(a.right, b.right) && equal(a.then, b.then) && equal(a.else, b.else);
  }
}

export function num(value: number): Node {
  return { kind: 'num', value };
}

export function neg(a: Node): Node {
  if (a.kind === 'num') return num(-a.value);
  if (a.kind === 'neg') return a.arg;
  return { kind: 'neg', arg: a };
}

export function add(a: Node, b: Node): Node {
  if (isNum(a) && isNum(b) && foldable(a.value + b.value)) return num(a.value + b.value);
  if (isZero(a)) return b;
  if (isZero(b)) return a;
  if (b.kind === 'neg') return sub(a, b.arg);
  if (isNum(b) && b.value < 0) return sub(a, num(-b.value));
  if (a.kind === 'neg') return sub(b, a.arg);
  return { kind: 'bin', op: '+', left: a, right: b };
}

export function sub(a: Node, b: Node): Node {
  if (isNum(a) && isNum(b) && foldable(a.value - b.value)) return num(a.value - b.value);
  if (isZero(b)) return a;
  if (isZero(a)) return neg(b);
  if (b.kind === 'neg') return add(a, b.arg);
  if (isNum(b) && b.value < 0) return add(a, num(-b.value));
  if (equal(a, b)) return num(0);
  return { kind: 'bin', op: '-', left: a, right: b };
}

export function mul(a: Node, b: Node): Node {
  if (isNum(a) && isNum(b) && foldable(a.value * b.value)) return num(a.value * b.value);
  if (isZero(a) || isZero(b)) return num(0);
  if (isOne(a)) return b;
  if (isOne(b)) return a;
  if (isVal(a, -1)) return neg(b);
  if (isVal(b, -1)) return neg(a);
  if (a.kind === 'neg') return neg(mul(a.arg, b));
  if (b.kind === 'neg') return neg(mul(a, b.arg));
  if (isNum(a) && a.value < 0) return neg(mul(num(-a.value), b));
  if (isNum(b) && b.value < 0) return neg(mul(a, num(-b.value)));
  // Constants to the left: x*2 -> 2*x; 2*(3*x) -> 6*x.
  if (isNum(b) && !isNum(a)) return mul(b, a);
  if (isNum(a) && b.kind === 'bin' && b.op === '*' && isNum(b.left) && foldable(a.value * b.left.value)) {
    return mul(num(a.value * b.left.value), b.right);
  }
  return { kind: 'bin', op: '*', left: a, right: b };
}

export function div(a: Node, b: Node): Node {
  if (isNum(a) && isNum(b) && b.value !== 0 && foldable(a.value / b.value)) return num(a.value / b.value);
  if (isZero(a)) return num(0);
  if (isOne(b)) return a;
  if (isVal(b, -1)) return neg(a);
  if (a.kind === 'neg') return neg(div(a.arg, b));
  if (b.kind === 'neg') return neg(div(a, b.arg));
  if (isNum(a) && a.value < 0) return neg(div(num(-a.value), b));
  if (isNum(b) && b.value < 0) return neg(div(a, num(-b.value)));
  return { kind: 'bin', op: '/', left: a, right: b };
}

export function pow(a: Node, b: Node): Node {
  if (isNum(a) && isNum(b) && foldable(Math.pow(a.value, b.value))) return num(Math.pow(a.value, b.value));
  if (isZero(b)) return num(1);
  if (isOne(b)) return a;
  if (isOne(a)) return num(1);
  return { kind: 'bin', op: '^', left: a, right: b };
}

export function call(fn: FnName, args: Node[]): Node {
  if (args.length === FUNCTIONS[fn].arity && args.every((a) => isNum(a))) {
    const vals = args.map((a) => (a as { value: number }).value);
    const v = applyFunction(fn, vals[0], vals[1]);
    if (foldable(v)) return num(v);
  }
  return { kind: 'call', fn, args };
}

/** `left < right ? then : else`. */
export function cond(left: Node, right: Node, then: Node, otherwise: Node): Node {
  if (equal(then, otherwise)) return then;
  if (isNum(left) && isNum(right)) return left.value < right.value ? then : otherwise;
  return { kind: 'cond', left, right, then, else: otherwise };
}

/** Rebuilds `node` bottom-up through the smart constructors. Value-preserving (see above). */
export function simplify(node: Node): Node {
  switch (node.kind) {
    case 'num':
    case 'const':
    case 'sym':
      return node;
    case 'neg':
      return neg(simplify(node.arg));
    case 'bin': {
      const l = simplify(node.left);
      const r = simplify(node.right);
      switch (node.op) {
        case '+':
          return add(l, r);
        case '-':
          return sub(l, r);
        case '*':
          return mul(l, r);
        case '/':
          return div(l, r);
        case '^':
          return pow(l, r);
      }
      break;
    }
    case 'call':
      return call(node.fn, node.args.map(simplify));
    case 'cond':
      return cond(simplify(node.left), simplify(node.right), simplify(node.then), simplify(node.else));
  }
}
