/**
 * JS code generation from expression ASTs (used by ./compile.ts). Only AST nodes produce code:
 * symbols become local variable names chosen by the caller (y0, p3, ...), numbers go through a
 * canonical printer of finite doubles, functions through the registry's fixed JS callees
 * (@shared/expr/functions: `Math.exp`, ...), and `assertSafeSource` re-checks the finished source
 * against the generator's own small vocabulary.
 */
import { CONSTANTS, symbolsOf, type Node } from '@shared/expr/ast';
import { FUNCTION_NAMES, functionSpec, type FnName } from '@shared/expr/functions';
import { toText } from '@shared/expr/print';

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

/** Local variable names of the generated code; `k1_0` etc. are stage values of fused kernels. */
const LOCAL = /^(?:[ypt]\d+|[kz]\d_\d+)$/;
/** The directive every generated body starts with; the only place a quote may appear. */
export const STRICT = '"use strict";';
const WORDS = new Set([
  'const',
  'let',
  'for',
  'y',
  'p',
  'dy',
  'out',
  'h',
  'h2',
  'h6',
  'count',
  'step',
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

/** How symbols map to local names; each call records the use (for hoisting loads). */
export interface Naming {
  state(i: number): string;
  param(k: number): string;
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

  constructor(
    private readonly stateIndex: ReadonlyMap<string, number>,
    private readonly paramIndex: ReadonlyMap<string, number>,
    private naming: Naming,
    private readonly hoist = false,
  ) {}

  private stateFree(node: Node): boolean {
    for (const s of symbolsOf(node)) if (this.stateIndex.has(s)) return false;
    return true;
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

  /** Switches the names used for states/params (e.g. per Runge–Kutta stage). */
  setNaming(naming: Naming): void {
    this.naming = naming;
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

  private atom(code: string): string {
    if (LOCAL.test(code) || /^\d/.test(code)) return code;
    const name = `t${this.tempCount++}`;
    this.pending.push(`const ${name} = ${code};`);
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
        return `${callee(node.fn)}(${node.args.map((a) => this.expr(a)).join(', ')})`;
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
