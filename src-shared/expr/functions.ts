/**
 * The one registry of the model language's functions. Every other part of the language reads it:
 * the parser (which names may be called, with how many arguments), the evaluator and the simplifier's
 * constant folding (`evaluate`), symbolic differentiation (`derivative`), the LaTeX printer (`latex`)
 * and the JS code generator of the engine (`js`). The text printer writes `name(arg, ...)`, the
 * language's own call syntax. Adding a function is one entry here; the registry tests then check
 * that it parses, evaluates, differentiates (against finite differences), prints and compiles.
 *
 * Safety: `js` is a fixed string of this file (a callee such as `Math.exp`), never text of a model.
 * Generated code is built from AST nodes and these strings only, and the code generator's final
 * check accepts exactly the identifiers that appear in them.
 */
import type { Node } from './ast';

/**
 * The tree builders a derivative rule may use (the simplifier's smart constructors, passed in by
 * the differentiator so that this file depends on no other module of the language).
 */
export interface TreeBuilders {
  num(value: number): Node;
  neg(a: Node): Node;
  add(a: Node, b: Node): Node;
  sub(a: Node, b: Node): Node;
  mul(a: Node, b: Node): Node;
  div(a: Node, b: Node): Node;
  pow(a: Node, b: Node): Node;
  /** A call of a registered function (by name; an unregistered name throws). */
  call(fn: string, args: Node[]): Node;
  /** `left < right ? then : otherwise` (for functions whose derivative depends on a branch). */
  cond(left: Node, right: Node, then: Node, otherwise: Node): Node;
}

export interface FunctionSpec {
  /** Number of arguments (1 or 2). */
  readonly arity: 1 | 2;
  /** Value on numbers: the language's semantics (IEEE, may return NaN or ±Infinity). Unary functions ignore `y`. */
  readonly evaluate: (x: number, y: number) => number;
  /**
   * The total derivative of `f(args)` given the arguments' derivatives `dargs` (chain rule:
   * sum over i of ∂f/∂args[i] · dargs[i]), built with `b`. For a unary function with
   * dargs[0] = 0 the differentiator returns 0 without calling this.
   */
  readonly derivative: (args: readonly Node[], dargs: readonly Node[], b: TreeBuilders) => Node;
  /**
   * LaTeX: an operator name written before the parenthesised arguments (`\\exp`), or a function of
   * the arguments' LaTeX for a notation of its own (`\\sqrt{x}`, `|x|`).
   */
  readonly latex: string | ((args: readonly string[]) => string);
  /**
   * The JS callee the engine emits for a call: `${js}(arg, ...)`. A fixed string such as `Math.exp`.
   * Absent exactly when `expand` is given.
   */
  readonly js?: string;
  /**
   * For a function JS has no callee for (sigmoid): its definition as a tree over the arguments, built
   * from other registered functions only. The engine compiles this tree in place of a call, with the
   * same operations as `evaluate`, so compiled and evaluated values agree bit for bit.
   */
  readonly expand?: (args: readonly Node[]) => Node;
  /**
   * Where the function is real and differentiable, as an open interval (default: the whole line);
   * for documentation and for the registry tests' sample points.
   */
  readonly domain?: readonly [number, number];
}

/** A unary entry; `rule(u, du, b)` is d f(u) = f'(u) du. */
const unary = (
  evaluate: (x: number) => number,
  js: string,
  latex: FunctionSpec['latex'],
  rule: (u: Node, du: Node, b: TreeBuilders) => Node,
  domain?: readonly [number, number],
): FunctionSpec => ({
  arity: 1,
  evaluate: (x) => evaluate(x),
  derivative: ([u], [du], b) => rule(u, du, b),
  latex,
  js,
  ...(domain ? { domain } : {}),
});

const POSITIVE = [0, Infinity] as const;
const UNIT = [-1, 1] as const;

/** The logistic function 1/(1 + exp(-x)) (PyRates' `sigmoid`), written as the engine evaluates it. */
const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/** d|u| = u < 0 ? -u' : u' (shared by `abs` and its PyRates name `absv`). */
const absRule = (u: Node, du: Node, b: TreeBuilders): Node => b.cond(u, b.num(0), b.neg(du), du);
/** d atan(u) = u' / (1 + u^2) (shared by `atan` and `arctan`). */
const atanRule = (u: Node, du: Node, b: TreeBuilders): Node => b.div(du, b.add(b.num(1), b.pow(u, b.num(2))));
/** d asin(u) = u' / sqrt(1 - u^2). */
const asinRule = (u: Node, du: Node, b: TreeBuilders): Node => b.div(du, b.call('sqrt', [b.sub(b.num(1), b.pow(u, b.num(2)))]));

/** The two-argument min and max (`maxi`/`mini` are PyRates' names for the same functions). */
const minSpec: FunctionSpec = {
  arity: 2,
  evaluate: (x, y) => Math.min(x, y),
  derivative: ([u, v], [du, dv], b) => b.cond(u, v, du, dv),
  latex: '\\min',
  js: 'Math.min',
};
const maxSpec: FunctionSpec = {
  arity: 2,
  evaluate: (x, y) => Math.max(x, y),
  derivative: ([u, v], [du, dv], b) => b.cond(v, u, du, dv),
  latex: '\\max',
  js: 'Math.max',
};

/** PyRates' sigmoid(u) = 1/(1 + exp(-u)); d sigmoid(u) = sigmoid(u) (1 - sigmoid(u)) u'. */
const sigmoidSpec: FunctionSpec = {
  arity: 1,
  evaluate: (x) => logistic(x),
  derivative: ([u], [du], b) => {
    const s = b.call('sigmoid', [u]);
    return b.mul(b.mul(s, b.sub(b.num(1), s)), du);
  },
  latex: '\\sigma',
  expand: ([u]) => ({
    kind: 'bin',
    op: '/',
    left: { kind: 'num', value: 1 },
    right: { kind: 'bin', op: '+', left: { kind: 'num', value: 1 }, right: { kind: 'call', fn: 'exp', args: [{ kind: 'neg', arg: u }] } },
  }),
};

/**
 * The registered functions. Non-smooth ones are differentiated by their active branch with a
 * `cond` node (at a tie this gives one of the one-sided derivatives):
 *   d|u| = u < 0 ? -u' : u'      d min(a, b) = a < b ? a' : b'      d max(a, b) = b < a ? a' : b'
 */
export const FUNCTIONS = {
  exp: unary(Math.exp, 'Math.exp', '\\exp', (u, du, b) => b.mul(b.call('exp', [u]), du)),
  log: unary(Math.log, 'Math.log', '\\log', (u, du, b) => b.div(du, u), POSITIVE),
  sqrt: unary(
    Math.sqrt,
    'Math.sqrt',
    ([a]) => `\\sqrt{${a}}`,
    (u, du, b) => b.div(du, b.mul(b.num(2), b.call('sqrt', [u]))),
    POSITIVE,
  ),
  abs: unary(Math.abs, 'Math.abs', ([a]) => `\\left|${a}\\right|`, absRule),
  sin: unary(Math.sin, 'Math.sin', '\\sin', (u, du, b) => b.mul(b.call('cos', [u]), du)),
  cos: unary(Math.cos, 'Math.cos', '\\cos', (u, du, b) => b.neg(b.mul(b.call('sin', [u]), du))),
  tan: unary(Math.tan, 'Math.tan', '\\tan', (u, du, b) => b.div(du, b.pow(b.call('cos', [u]), b.num(2)))),
  tanh: unary(Math.tanh, 'Math.tanh', '\\tanh', (u, du, b) => b.mul(b.sub(b.num(1), b.pow(b.call('tanh', [u]), b.num(2))), du)),
  sinh: unary(Math.sinh, 'Math.sinh', '\\sinh', (u, du, b) => b.mul(b.call('cosh', [u]), du)),
  cosh: unary(Math.cosh, 'Math.cosh', '\\cosh', (u, du, b) => b.mul(b.call('sinh', [u]), du)),
  atan: unary(Math.atan, 'Math.atan', '\\arctan', atanRule),
  min: minSpec,
  max: maxSpec,
  // PyRates' names (model files written for PyRates parse as they are):
  absv: unary(Math.abs, 'Math.abs', ([a]) => `\\left|${a}\\right|`, absRule),
  arctan: unary(Math.atan, 'Math.atan', '\\arctan', atanRule),
  arcsin: unary(Math.asin, 'Math.asin', '\\arcsin', asinRule, UNIT),
  arccos: unary(Math.acos, 'Math.acos', '\\arccos', (u, du, b) => b.neg(asinRule(u, du, b)), UNIT),
  maxi: maxSpec,
  mini: minSpec,
  // sign is piecewise constant: derivative 0 away from 0 (where it jumps).
  sign: unary(Math.sign, 'Math.sign', '\\operatorname{sign}', (_u, _du, b) => b.num(0)),
  sigmoid: sigmoidSpec,
} as const satisfies Record<string, FunctionSpec>;

/** Names of the registered functions. */
export type FnName = keyof typeof FUNCTIONS;

/** All registered function names, in registry order. */
export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FnName[];

/** Each function's arity (derived from the registry). */
export const FUNCTION_ARITY = Object.fromEntries(FUNCTION_NAMES.map((n) => [n, FUNCTIONS[n].arity])) as Record<FnName, 1 | 2>;

/** True for a registered function name (own keys only: `constructor` is not a function). */
export function isFunctionName(name: string): name is FnName {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
}

/** The registry entry of `fn`. */
export function functionSpec(fn: FnName): FunctionSpec {
  return FUNCTIONS[fn];
}

/** Evaluates a registered function on numbers (the language's semantics). */
export function applyFunction(fn: FnName, x: number, y = 0): number {
  return (FUNCTIONS[fn] as FunctionSpec).evaluate(x, y);
}
