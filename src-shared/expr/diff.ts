/**
 * Symbolic differentiation of expression trees, simplified on the fly through the smart
 * constructors of ./simplify (textbook rules: sum, product, quotient, chain and general power rule).
 * Each function's rule comes from the registry (./functions.ts); non-smooth functions (min, max,
 * abs) are differentiated by their active branch, expressed with a `cond` node.
 */
import { symbolsOf, type Node } from './ast';
import { functionSpec, isFunctionName, type FnName, type TreeBuilders } from './functions';
import { add, call, cond, div, mul, neg, num, pow, sub } from './simplify';

/**
 * Symbols that stand for subexpressions (e.g. a model's definitions computed once): the derivative
 * of such a symbol and whether it depends on a variable come from here instead of its name.
 */
export interface SymbolRules {
  /** d name / d x as a tree, or undefined when `name` is a plain symbol. */
  derivative(name: string, x: string): Node | undefined;
  /** Whether the subexpression named `name` depends on x (false for plain symbols other than x). */
  dependsOn(name: string, x: string): boolean;
}

/** True when `node` contains the symbol `name` (or, with `rules`, a symbol whose subexpression does). */
export function dependsOn(node: Node, name: string, rules?: SymbolRules): boolean {
  for (const s of symbolsOf(node)) if (s === name || (rules !== undefined && rules.dependsOn(s, name))) return true;
  return false;
}

/** d node / d symbol, simplified; `rules` differentiates symbols that stand for subexpressions. */
export function differentiate(node: Node, symbol: string, rules?: SymbolRules): Node {
  return d(node, symbol, rules);
}

function d(node: Node, x: string, rules: SymbolRules | undefined): Node {
  switch (node.kind) {
    case 'num':
    case 'const':
      return num(0);
    case 'sym':
      if (node.name === x) return num(1);
      return rules?.derivative(node.name, x) ?? num(0);
    case 'neg':
      return neg(d(node.arg, x, rules));
    case 'cond':
      return cond(node.left, node.right, d(node.then, x, rules), d(node.else, x, rules));
    case 'call':
      return dCall(node.fn, node.args, x, rules);
    case 'bin': {
      const u = node.left;
      const v = node.right;
      switch (node.op) {
        case '+':
          return add(d(u, x, rules), d(v, x, rules));
        case '-':
          return sub(d(u, x, rules), d(v, x, rules));
        case '*':
          return add(mul(d(u, x, rules), v), mul(u, d(v, x, rules)));
        case '/': {
          // (u/v)' = u'/v - u v' / v^2
          const du = d(u, x, rules);
          if (!dependsOn(v, x, rules)) return div(du, v);
          return sub(div(du, v), div(mul(u, d(v, x, rules)), pow(v, num(2))));
        }
        case '^': {
          if (!dependsOn(v, x, rules)) {
            // (u^c)' = c u^(c-1) u'
            return mul(mul(v, pow(u, sub(v, num(1)))), d(u, x, rules));
          }
          if (!dependsOn(u, x, rules)) {
            // (c^v)' = c^v log(c) v'
            return mul(mul(pow(u, v), call('log', [u])), d(v, x, rules));
          }
          // (u^v)' = u^v (v' log u + v u'/u)
          return mul(pow(u, v), add(mul(d(v, x, rules), call('log', [u])), div(mul(v, d(u, x, rules)), u)));
        }
      }
    }
  }
}

/** The smart constructors, as the builders the registry's derivative rules use. */
const BUILDERS: TreeBuilders = {
  num,
  neg,
  add,
  sub,
  mul,
  div,
  pow,
  cond,
  call: (fn, args) => {
    if (!isFunctionName(fn)) throw new Error(`derivative rule calls the unregistered function ${fn}`);
    return call(fn, args);
  },
};

/** Chain rule through the registry's rule for `fn`; 0 when no argument depends on x. */
function dCall(fn: FnName, args: Node[], x: string, rules: SymbolRules | undefined): Node {
  const dargs = args.map((a) => d(a, x, rules));
  if (dargs.every((da) => da.kind === 'num' && da.value === 0)) return num(0);
  return functionSpec(fn).derivative(args, dargs, BUILDERS);
}
