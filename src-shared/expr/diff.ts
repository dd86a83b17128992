/**
 * Symbolic differentiation of expression trees, simplified on the fly through the smart
 * constructors of ./simplify (textbook rules: sum, product, quotient, chain and general power rule).
 *
 * Non-smooth functions are differentiated by their active branch, expressed with a `cond` node
 * (`left < right ? then : else`):
 *   d min(a, b) = a < b ? a' : b'      d max(a, b) = b < a ? a' : b'      d |u| = u < 0 ? -u' : u'
 * At a tie (a = b, u = 0) this gives one of the one-sided derivatives.
 */
import { symbolsOf, type FnName, type Node } from './ast';
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

function dCall(fn: FnName, args: Node[], x: string): Node {
  const u = args[0];
  if (fn === 'min' || fn === 'max') {
    const a = args[0];
    const b = args[1];
    const da = d(a, x);
    const db = d(b, x);
    return fn === 'min' ? cond(a, b, da, db) : cond(b, a, da, db);
  }
  const du = d(u, x);
  if (du.kind === 'num' && du.value === 0) return num(0);
  switch (fn) {
    case 'exp':
      return mul(call('exp', [u]), du);
    case 'log':
      return div(du, u);
    case 'sqrt':
      return div(du, mul(num(2), call('sqrt', [u])));
    case 'abs':
      return cond(u, num(0), neg(du), du);
    case 'sin':
      return mul(call('cos', [u]), du);
    case 'cos':
      return neg(mul(call('sin', [u]), du));
    case 'tan':
      return div(du, pow(call('cos', [u]), num(2)));
    case 'tanh':
      return mul(sub(num(1), pow(call('tanh', [u]), num(2))), du);
    case 'sinh':
      return mul(call('cosh', [u]), du);
    case 'cosh':
      return mul(call('sinh', [u]), du);
    case 'atan':
      return div(du, add(num(1), pow(u, num(2))));
    default:
      throw new Error(`cannot differentiate function ${String(fn)}`);
  }
}
