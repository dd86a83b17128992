/** The one error type of the expression language: says where (context, column) and what (token). */

/** Longest token quoted in a message; longer tokens are cut with an ellipsis. */
const MAX_QUOTED = 24;

function quote(token: string): string {
  const t = token.length > MAX_QUOTED ? `${token.slice(0, MAX_QUOTED)}…` : token;
  return `'${t}'`;
}

export class ExprError extends Error {
  /** What was being parsed, e.g. `equation r'` or `definition r_in`; '' when unknown. */
  readonly context: string;
  /** 1-based column in the parsed text (0 when the error is not tied to a position). */
  readonly position: number;
  /** The offending token ('' at end of input or when not tied to a token). */
  readonly token: string;

  /**
   * `problem` is the bare description (e.g. `unknown symbol`); the message becomes
   * `<context>: <problem> '<token>' at column <position>`.
   */
  constructor(problem: string, opts: { context?: string; position?: number; token?: string } = {}) {
    const context = opts.context ?? '';
    const position = opts.position ?? 0;
    const token = opts.token ?? '';
    let msg = problem;
    if (token !== '') msg += ` ${quote(token)}`;
    if (position > 0) msg += ` at column ${position}`;
    if (context !== '') msg = `${context}: ${msg}`;
    super(msg);
    this.name = 'ExprError';
    this.context = context;
    this.position = position;
    this.token = token;
  }
}
