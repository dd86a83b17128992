/**
 * Symbolic differentiation of expression trees, simplified on the fly through the smart
 * constructors of ./simplify (textbook rules: sum, product, quotient, chain and general power rule).
 * Each function's rule comes from the registry (./functions.ts); non-smooth functions (min, max,
 * abs) are differentiated by their active branch, expressed with a `cond` node.
 */
import { symbolsOf, type Node } from './ast';
import { functionSpec, isFunctionName, type FnName, type TreeBuilders } from './functions';
import { add, call, cond, div, mul, neg, num, pow, sub } from './simplify';

/** True when `node` contains the symbol `name`. */
export function dependsOn(node: Node, name: string): boolean {
  return symbolsOf(node).has(name);
}

/** d node / d symbol, simplified. */
export function differentiate(node: Node, symbol: string): Node {
  return d(node, symbol);
}

function d(node: Node, x: string): Node {
  switch (node.kind) {
    case 'num':
    case 'const':
      return num(0);
    case 'sym':
      return num(node.name === x ? 1 : 0);
    case 'neg':
      return neg(d(node.arg, x));
    case 'cond':
      return cond(node.left, node.right, d(node.then, x), d(node.else, x));
    case 'call':
      return dCall(node.fn, node.args, x);
    case 'bin': {
      const u = node.left;
      const v = node.right;
      switch (node.op) {
        case '+':
          return add(d(u, x), d(v, x));
        case '-':
          return sub(d(u, x), d(v, x));
        case '*':
          return add(mul(d(u, x), v), mul(u, d(v, x)));
        case '/': {
          // (u/v)' = u'/v - u v' / v^2
          const du = d(u, x);
          if (!dependsOn(v, x)) return div(du, v);
          return sub(div(du, v), div(mul(u, d(v, x)), pow(v, num(2))));
        }
        case '^': {
          if (!dependsOn(v, x)) {
            // (u^c)' = c u^(c-1) u'
            return mul(mul(v, pow(u, sub(v, num(1)))), d(u, x));
          }
          if (!dependsOn(u, x)) {
            // (c^v)' = c^v log(c) v'
            return mul(mul(pow(u, v), call('log', [u])), d(v, x));
          }
          // (u^v)' = u^v (v' log u + v u'/u)
          return mul(pow(u, v), add(mul(d(v, x), call('log', [u])), div(mul(v, d(u, x)), u)));
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
function dCall(fn: FnName, args: Node[], x: string): Node {
  const dargs = args.map((a) => d(a, x));
  if (dargs.every((da) => da.kind === 'num' && da.value === 0)) return num(0);
  return functionSpec(fn).derivative(args, dargs, BUILDERS);
}
