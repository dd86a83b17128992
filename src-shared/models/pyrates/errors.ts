/**
 * The one error of the PyRates importer. It names the file and, when known, the line and column of
 * the construct, and its message says what to change.
 */

/** A 1-based position in a model file. */
export interface Pos {
  line: number;
  column: number;
}

export class PyratesError extends Error {
  /** Path of the file (as given to the importer, '/'-separated). */
  readonly file: string;
  /** 1-based line of the construct, when known. */
  readonly line?: number;
  /** 1-based column of the construct, when known. */
  readonly column?: number;

  /** `problem` is the sentence for the user; the message becomes `file:line:column: problem`. */
  constructor(file: string, problem: string, pos?: Pos) {
    const where = pos === undefined ? file : `${file}:${pos.line}:${pos.column}`;
    super(`${where}: ${problem}`);
    this.name = 'PyratesError';
    this.file = file;
    if (pos !== undefined) {
      this.line = pos.line;
      this.column = pos.column;
    }
  }
}
