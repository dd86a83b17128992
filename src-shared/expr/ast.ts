/**
 * The expression AST of the model language (PyRates' equation syntax). Plain, JSON-able data.
 *
 * `cond` never comes out of the parser: symbolic differentiation uses it for the derivatives of
 * min, max and abs, whose value depends on which branch is active (`left < right ? then : else`).
 */

export type BinOp = '+' | '-' | '*' | '/' | '^';

import type { FnName } from './functions';

/** The functions (names, arity, rules) live in one registry: ./functions.ts. Nothing else can be called. */
export { FUNCTION_ARITY, FUNCTION_NAMES, isFunctionName, type FnName } from './functions';

/** The named constants of the language. */
export const CONSTANTS = { pi: Math.PI } as const;
export type ConstName = keyof typeof CONSTANTS;

export type Node =
  | { kind: 'num'; value: number }
  | { kind: 'const'; name: ConstName }
  | { kind: 'sym'; name: string }
  | { kind: 'neg'; arg: Node }
  | { kind: 'bin'; op: BinOp; left: Node; right: Node }
  | { kind: 'call'; fn: FnName; args: Node[] }
  | { kind: 'cond'; left: Node; right: Node; then: Node; else: Node };

/** Longest accepted expression or equation text, in characters. */
export const MAX_EXPR_LENGTH = 10_000;
/** Deepest accepted nesting of parentheses, unary signs, powers and calls while parsing. */
export const MAX_PARSE_DEPTH = 200;

/** True for the named constants (`pi`). */
export function isConstantName(name: string): name is ConstName {
  return Object.prototype.hasOwnProperty.call(CONSTANTS, name);
}

/** Identifiers of the language: ASCII letters, digits and `_`, not starting with a digit. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const num = (value: number): Node => ({ kind: 'num', value });
export const sym = (name: string): Node => ({ kind: 'sym', name });
export const PI: Node = { kind: 'const', name: 'pi' };

/** Free symbols of a node, in first-seen order. */
export function symbolsOf(node: Node, out: Set<string> = new Set()): Set<string> {
  switch (node.kind) {
    case 'sym':
      out.add(node.name);
      break;
    case 'neg':
      symbolsOf(node.arg, out);
      break;
    case 'bin':
      symbolsOf(node.left, out);
      symbolsOf(node.right, out);
      break;
    case 'call':
      for (const a of node.args) symbolsOf(a, out);
      break;
    case 'cond':
      symbolsOf(node.left, out);
      symbolsOf(node.right, out);
      symbolsOf(node.then, out);
      symbolsOf(node.else, out);
      break;
    default:
      break;
  }
  return out;
}

/** Depth of a tree (a leaf has depth 1). */
export function depthOf(node: Node): number {
  switch (node.kind) {
    case 'neg':
      return 1 + depthOf(node.arg);
    case 'bin':
      return 1 + Math.max(depthOf(node.left), depthOf(node.right));
    case 'call':
      return 1 + Math.max(...node.args.map(depthOf));
    case 'cond':
      return 1 + Math.max(depthOf(node.left), depthOf(node.right), depthOf(node.then), depthOf(node.else));
    default:
      return 1;
  }
}

/** Replaces symbols by trees (`subst(name)` returns undefined to keep a symbol). */
export function substitute(node: Node, subst: (name: string) => Node | undefined): Node {
  switch (node.kind) {
    case 'sym':
      return subst(node.name) ?? node;
    case 'neg':
      return { kind: 'neg', arg: substitute(node.arg, subst) };
    case 'bin':
      return { kind: 'bin', op: node.op, left: substitute(node.left, subst), right: substitute(node.right, subst) };
    case 'call':
      return { kind: 'call', fn: node.fn, args: node.args.map((a) => substitute(a, subst)) };
    case 'cond':
      return {
        kind: 'cond',
        left: substitute(node.left, subst),
        right: substitute(node.right, subst),
        then: substitute(node.then, subst),
        else: substitute(node.else, subst),
      };
    default:
      return node;
  }
}
