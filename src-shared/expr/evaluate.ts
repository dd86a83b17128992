/**
 * Tree-walking evaluator: the reference semantics of the language, used by tests and wherever a
 * compiled function is not available (e.g. the renderer, whose CSP forbids generated code).
 */
import { CONSTANTS, type Node } from './ast';
import { applyFunction } from './functions';

/** Values of the symbols: a lookup function or a plain record (own keys only). */
export type Env = ((name: string) => number) | Readonly<Record<string, number>>;

function lookup(env: Env, name: string): number {
  if (typeof env === 'function') return env(name);
  if (!Object.prototype.hasOwnProperty.call(env, name)) {
    throw new Error(`no value for symbol '${name}'`);
  }
  return env[name];
}

/** Value of `node` with symbols from `env`; IEEE semantics (may return NaN or ±Infinity). */
export function evaluate(node: Node, env: Env): number {
  switch (node.kind) {
    case 'num':
      return node.value;
    case 'const':
      return CONSTANTS[node.name];
    case 'sym':
      return lookup(env, node.name);
    case 'neg':
      return -evaluate(node.arg, env);
    case 'bin': {
      const a = evaluate(node.left, env);
      const b = evaluate(node.right, env);
      switch (node.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '^':
          return Math.pow(a, b);
      }
      break;
    }
    case 'call':
      return applyFunction(node.fn, evaluate(node.args[0], env), node.args.length > 1 ? evaluate(node.args[1], env) : 0);
    case 'cond':
      return evaluate(node.left, env) < evaluate(node.right, env) ? evaluate(node.then, env) : evaluate(node.else, env);
  }
}
