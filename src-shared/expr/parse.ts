/**
 * Recursive-descent parser of the model language (PyRates' equation syntax):
 *
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | power
 *   power   := primary (('^' | '**') unary)?        right-associative: 2^3^2 = 2^(3^2); -x^2 = -(x^2)
 *   primary := number | 'pi' | symbol | function '(' expr (',' expr)* ')' | '(' expr ')'
 *
 * Only declared symbols, the registered functions of ./functions.ts (with their arity) and `pi` are accepted.
 * Input longer than MAX_EXPR_LENGTH characters or nested deeper than MAX_PARSE_DEPTH levels is
 * refused, so hostile input costs linear time and bounded stack.
 */
import { MAX_EXPR_LENGTH, MAX_PARSE_DEPTH, isConstantName, type Node } from './ast';
import { FUNCTIONS, isFunctionName, type FnName } from './functions';
import { ExprError } from './errors';
import { tokenize, type Token } from './lexer';

/** The declared symbols an expression may use. */
export type SymbolSet = ReadonlySet<string> | readonly string[];

class Parser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly symbols: ReadonlySet<string>,
    private readonly context: string,
  ) {}

  private fail(problem: string, tok: Token): never {
    if (tok.type === 'end') {
      const what = problem === 'unexpected' ? 'unexpected end of expression' : `${problem}, found the end of the expression`;
      throw new ExprError(what, {
        context: this.context,
        position: tok.pos + 1,
      });
    }
    throw new ExprError(problem, { context: this.context, position: tok.pos + 1, token: tok.text });
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private isOp(op: string): boolean {
    const t = this.tokens[this.i];
    return t.type === 'op' && t.op === op;
  }

  private expectOp(op: ')' | '('): void {
    if (!this.isOp(op)) this.fail(`expected '${op}'`, this.peek());
    this.i++;
  }

  parseAll(): Node {
    if (this.peek().type === 'end') {
      throw new ExprError('empty expression', { context: this.context });
    }
    const node = this.expr();
    const t = this.peek();
    if (t.type !== 'end') this.fail('unexpected', t);
    return node;
  }

  private expr(): Node {
    let left = this.term();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.tokens[this.i++] as { op: '+' | '-' }).op;
      left = { kind: 'bin', op, left, right: this.term() };
    }
    return left;
  }

  private term(): Node {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = (this.tokens[this.i++] as { op: '*' | '/' }).op;
      left = { kind: 'bin', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (++this.depth > MAX_PARSE_DEPTH) {
      throw new ExprError(`nested deeper than ${MAX_PARSE_DEPTH} levels`, {
        context: this.context,
        position: this.peek().pos + 1,
        token: '',
      });
    }
    let node: Node;
    if (this.isOp('-')) {
      this.i++;
      node = { kind: 'neg', arg: this.unary() };
    } else if (this.isOp('+')) {
      this.i++;
      node = this.unary();
    } else {
      node = this.power();
    }
    this.depth--;
    return node;
  }

  private power(): Node {
    const base = this.primary();
    if (this.isOp('^')) {
      this.i++;
      return { kind: 'bin', op: '^', left: base, right: this.unary() };
    }
    return base;
  }

  private primary(): Node {
    const t = this.peek();
    if (t.type === 'num') {
      this.i++;
      return { kind: 'num', value: t.value };
    }
    if (t.type === 'op' && t.op === '(') {
      this.i++;
      const inner = this.expr();
      this.expectOp(')');
      return inner;
    }
    if (t.type === 'ident') {
      this.i++;
      const name = t.text;
      const called = this.isOp('(');
      if (isFunctionName(name)) {
        if (!called) this.fail('function used without arguments', t);
        return this.call(name, t);
      }
      if (called) {
        this.fail(this.symbols.has(name) || isConstantName(name) ? 'not a function' : 'unknown function', t);
      }
      if (isConstantName(name)) return { kind: 'const', name };
      if (!this.symbols.has(name)) this.fail('unknown symbol', t);
      return { kind: 'sym', name };
    }
    this.fail('unexpected', t);
  }

  private call(fn: FnName, nameTok: Token): Node {
    this.expectOp('(');
    const args: Node[] = [];
    if (!this.isOp(')')) {
      args.push(this.expr());
      while (this.isOp(',')) {
        this.i++;
        args.push(this.expr());
      }
    }
    this.expectOp(')');
    const arity = FUNCTIONS[fn].arity;
    if (args.length !== arity) {
      this.fail(`wrong number of arguments (expected ${arity}, got ${args.length}) for`, nameTok);
    }
    return { kind: 'call', fn, args };
  }
}

function toSet(symbols: SymbolSet): ReadonlySet<string> {
  return symbols instanceof Set ? symbols : new Set(symbols as readonly string[]);
}

function checkLength(text: string, context: string): void {
  if (typeof text !== 'string') throw new ExprError('expression is not text', { context });
  if (text.length > MAX_EXPR_LENGTH) {
    throw new ExprError(`text longer than ${MAX_EXPR_LENGTH} characters (${text.length})`, { context });
  }
}

/**
 * Parses an expression over the declared `symbols`. `context` (e.g. `equation r'`) prefixes
 * error messages; `offset` shifts reported columns (used when the text is part of a line).
 * Throws ExprError on any input outside the language.
 */
export function parseExpression(text: string, symbols: SymbolSet, context = '', offset = 0): Node {
  checkLength(text, context);
  const tokens = tokenize(text, context, offset);
  return new Parser(tokens, toSet(symbols), context).parseAll();
}

/** Same as parseExpression. */
export const parse = parseExpression;

const PRIME_LHS = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*'\s*=/;
const DDT_LHS = /^\s*d\s*\/\s*dt\s+([A-Za-z_][A-Za-z0-9_]*)\s*=/;

/**
 * Parses an ODE `x' = <expr>` (or `d/dt x = <expr>`) and returns the state name and the
 * right-hand side. The state is not checked against the symbols (the model builder does that).
 * Columns in errors count from the start of `text`.
 */
export function parseEquation(text: string, symbols: SymbolSet, context?: string): { state: string; rhs: Node } {
  checkLength(text, context ?? 'equation');
  const m = PRIME_LHS.exec(text) ?? DDT_LHS.exec(text);
  if (!m) {
    throw new ExprError("expected an equation of the form x' = <expression>", {
      context: context ?? 'equation',
      position: 1,
    });
  }
  const state = m[1];
  const ctx = context ?? `equation ${state}'`;
  const rhs = parseExpression(text.slice(m[0].length), symbols, ctx, m[0].length);
  return { state, rhs };
}
