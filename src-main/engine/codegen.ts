/**
 * JS code generation from expression ASTs (used by ./compile.ts). Only AST nodes produce code:
 * symbols become local variable names chosen by the caller (y0, p3, ...), numbers go through a
 * canonical printer of finite doubles, functions through the registry's fixed JS callees
 * (@shared/expr/functions: `Math.exp`, ...), and `assertSafeSource` re-checks the finished source
 * against the generator's own small vocabulary. Shared subexpressions (definitions and their
 * derivatives, ./model/shared-trees.ts), equal function calls and equal bases of powers are each
 * computed once per scope into a local; this changes how often a value is computed, never how.
 */
import { CONSTANTS, symbolsOf, type Node } from '@shared/expr/ast';
import { FUNCTION_NAMES, functionSpec, type FnName } from '@shared/expr/functions';
import { toText } from '@shared/expr/print';
import { isSharedName, type SharedTrees } from './model/shared-trees';

/** A callee of the registry: dotted identifiers such as `Math.exp`. */
const CALLEE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The JS callee of a registered function (the registry's fixed string, checked once here). */
function callee(fn: FnName): string {
  const js = functionSpec(fn).js;
  if (js === undefined || !CALLEE.test(js)) throw new Error('compile: a function of the registry has no plain JS callee');
  return js;
}

const NUMBER_TEXT = /^-?\d+(\.\d+)?(e[+-]\d+)?$/;

/** JS literal of a finite double that reads back as exactly the same value; negatives in parentheses. */
export function numberLiteral(v: number): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`cannot compile the number ${String(v)}`);
  if (Object.is(v, -0)) return '(-0)';
  const s = String(v);
  if (!NUMBER_TEXT.test(s)) throw new Error(`cannot compile the number ${s}`);
  return v < 0 ? `(${s})` : s;
}

/**
 * Local variable names of the generated code: states y0.., parameters p0.., temporaries t0..,
 * shared subexpressions (definitions and their derivatives) q0.., entries of the direction vectors
 * of multilinear forms u0.., v0.., w0..; `k1_0` etc. are stage values of fused kernels.
 */
const LOCAL = /^(?:[yptquvw]\d+|[kz]\d_\d+|m\d(?:_\d+)?)$/;
/** The directive every generated body starts with; the only place a quote may appear. */
export const STRICT = '"use strict";';
const WORDS = new Set([
  'const',
  'let',
  'for',
  'if',
  'return',
  'y',
  'p',
  'dy',
  'out',
  'h',
  'h2',
  'h6',
  'count',
  'step',
  'u',
  'v',
  'w',
  'Math',
  // Powers other than small whole exponents (Emitter.power).
  'pow',
  ...FUNCTION_NAMES.flatMap((fn) => (functionSpec(fn).expand ? [] : callee(fn).split('.'))),
]);

/**
 * Defence in depth: throws unless every identifier in `src` is one the generator emits and no
 * character outside the generator's alphabet appears (no quotes except in the leading directive,
 * no backticks, `$` or backslashes).
 */
export function assertSafeSource(src: string): void {
  const body = src.startsWith(STRICT) ? src.slice(STRICT.length) : src;
  if (/[^A-Za-z0-9_ \n.,;:?<>=(){}*+\-/[\]]/.test(body)) throw new Error('compile: unexpected character in generated code');
  // Numbers are matched first so that the exponent marker of 1e-7 is not taken for a word.
  const tokens = body.match(/\d+(?:\.\d+)?(?:e[+-]\d+)?|[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  for (const w of tokens) {
    if (/^\d/.test(w)) continue;
    if (!WORDS.has(w) && !LOCAL.test(w)) throw new Error('compile: unexpected word in generated code');
  }
}

/**
 * Builds a function from a generated body, after assertSafeSource. The only place generated code
 * becomes a function: the body comes from AST nodes only (see the file comment).
 */
export function buildFunction<F>(args: string[], body: string): F {
  assertSafeSource(body);
  return new Function(...args, body) as F;
}

/** How symbols map to local names; each call records the use (for hoisting loads). */
export interface Naming {
  state(i: number): string;
  param(k: number): string;
  /** Names of other symbols (entries of direction vectors); undefined for unknown names. */
  other?(name: string): string | undefined;
}

/**
 * Emits straight-line statements for expression trees. Small integer powers (|n| <= 4) become
 * products of a hoisted base; other powers Math.pow. Temporaries t<k> are numbered per Emitter.
 */
export class Emitter {
  readonly lines: string[] = [];
  /**
   * With `hoist`, the largest subexpressions free of states (e.g. `Delta/(pi*tau)`) are computed
   * once into these statements (to be placed before a loop) and reused; same operations, so the
   * values are bit-identical to computing them inline.
   */
  readonly hoisted: string[] = [];
  private readonly hoistedNames = new Map<string, string>();
  private pending: string[] = [];
  private tempCount = 0;
  private hoisting = false;
  /** Locals of shared subexpressions computed so far: state-dependent ones (per stage), hoisted ones. */
  private readonly locals = new Map<string, string>();
  private readonly hoistedLocals = new Map<string, string>();
  private localCount = 0;
  /** Temporaries (function calls, bases of powers) computed so far in the current scope, by their code: each is computed once. */
  private readonly computed = new Map<string, string>();

  /**
   * @param shared the shared subexpressions (symbols `@k`) the trees may contain: each is computed
   *   once into a local `q<k>` just before its first use (before the loop when hoisting and free of
   *   states), then reused.
   */
  constructor(
    private readonly stateIndex: ReadonlyMap<string, number>,
    private readonly paramIndex: ReadonlyMap<string, number>,
    private naming: Naming,
    private readonly hoist = false,
    private readonly shared?: SharedTrees,
  ) {}

  private stateFree(node: Node): boolean {
    for (const s of symbolsOf(node)) {
      if (this.stateIndex.has(s)) return false;
      if (isSharedName(s) && this.shared !== undefined) for (const d of this.shared.dependencies(s)) if (this.stateIndex.has(d)) return false;
    }
    return true;
  }

  /** The local holding shared subexpression `name`, computed on first use (see the constructor). */
  private local(name: string): string {
    const shared = this.shared;
    if (shared === undefined) throw new Error('compile: a shared subexpression without its trees');
    const persistent = this.hoist && this.stateFree({ kind: 'sym', name });
    const cache = persistent ? this.hoistedLocals : this.locals;
    const known = cache.get(name);
    if (known !== undefined) return known;
    const local = `q${this.localCount++}`;
    if (persistent && !this.hoisting) {
      const saved = this.pending;
      this.pending = [];
      this.hoisting = true;
      const code = this.expr(shared.tree(name));
      this.hoisting = false;
      this.hoisted.push(...this.pending, `const ${local} = ${code};`);
      this.pending = saved;
    } else {
      const code = this.expr(shared.tree(name));
      this.pending.push(`const ${local} = ${code};`);
    }
    cache.set(name, local);
    return local;
  }

  /** Code of a state-free compound subexpression, computed once among the hoisted statements. */
  private invariant(node: Node): string {
    // The key is only a map key (never emitted): equal trees print equally.
    const key = toText(node);
    const known = this.hoistedNames.get(key);
    if (known !== undefined) return known;
    const saved = this.pending;
    this.pending = [];
    this.hoisting = true;
    const code = this.expr(node);
    this.hoisting = false;
    const name = `t${this.tempCount++}`;
    this.hoisted.push(...this.pending, `const ${name} = ${code};`);
    this.pending = saved;
    this.hoistedNames.set(key, name);
    return name;
  }

  /** Switches the names used for states/params (e.g. per Runge–Kutta stage); shared locals that depend on states are computed anew. */
  setNaming(naming: Naming): void {
    this.naming = naming;
    this.locals.clear();
    this.computed.clear();
  }

  /** Adds `<target> = <node>;` (target is generated text such as `dy[0]` or `const k1_0`). */
  assign(target: string, node: Node): void {
    const code = this.expr(node);
    this.lines.push(...this.pending, `${target} = ${code};`);
    this.pending = [];
  }

  /** Adds a raw statement built by the caller from generated names only. */
  raw(line: string): void {
    this.lines.push(line);
  }

  /** A local holding `code` (a temporary unless it is one already); equal code outside hoisting shares one. */
  private atom(code: string): string {
    if (LOCAL.test(code) || /^\d/.test(code)) return code;
    const known = this.hoisting ? undefined : this.computed.get(code);
    if (known !== undefined) return known;
    const name = `t${this.tempCount++}`;
    this.pending.push(`const ${name} = ${code};`);
    if (!this.hoisting) this.computed.set(code, name);
    return name;
  }

  private expr(node: Node): string {
    if (this.hoist && !this.hoisting && (node.kind === 'bin' || node.kind === 'call' || node.kind === 'neg' || node.kind === 'cond') && this.stateFree(node)) {
      return this.invariant(node);
    }
    switch (node.kind) {
      case 'num':
        return numberLiteral(node.value);
      case 'const':
        return numberLiteral(CONSTANTS[node.name]);
      case 'sym': {
        if (isSharedName(node.name)) return this.local(node.name);
        const other = this.naming.other?.(node.name);
        if (other !== undefined) return other;
        const i = this.stateIndex.get(node.name);
        if (i !== undefined) return this.naming.state(i);
        const k = this.paramIndex.get(node.name);
        if (k !== undefined) return this.naming.param(k);
        throw new Error('compile: a symbol is neither a state nor a parameter');
      }
      case 'neg':
        return `(-${this.expr(node.arg)})`;
      case 'bin':
        if (node.op === '^') return this.power(node.left, node.right);
        return `(${this.expr(node.left)} ${node.op} ${this.expr(node.right)})`;
      case 'call': {
        // A function without a JS callee is compiled as its definition (registry `expand`).
        const expand = functionSpec(node.fn).expand;
        if (expand) return this.expr(expand(node.args));
        // Equal calls (e.g. exp(...) in a definition's value and in its derivatives) share one temporary.
        const code = `${callee(node.fn)}(${node.args.map((a) => this.expr(a)).join(', ')})`;
        return this.hoisting ? code : this.atom(code);
      }
      case 'cond':
        return `(${this.expr(node.left)} < ${this.expr(node.right)} ? ${this.expr(node.then)} : ${this.expr(node.else)})`;
    }
  }

  private power(base: Node, exponent: Node): string {
    const n = exponent.kind === 'num' ? exponent.value : NaN;
    if (Number.isInteger(n) && n !== 0 && Math.abs(n) <= 4) {
      const b = this.atom(this.expr(base));
      const product = Array<string>(Math.abs(n)).fill(b).join('*');
      return n > 0 ? `(${product})` : `(1/(${product}))`;
    }
    return `Math.pow(${this.expr(base)}, ${this.expr(exponent)})`;
  }
}
