/**
 * Tokenizer of the model language. Accepts ASCII numbers, identifiers, `+ - * / ^ ** ( ) ,` and
 * whitespace; any other character (quotes, backticks, brackets, `.` outside a number, `;`, `=`,
 * non-ASCII look-alikes, ...) is an ExprError naming the character and its column.
 */
import { ExprError } from './errors';

export type Token =
  | { type: 'num'; text: string; value: number; pos: number }
  | { type: 'ident'; text: string; pos: number }
  | { type: 'op'; text: string; op: '+' | '-' | '*' | '/' | '^' | '(' | ')' | ','; pos: number }
  | { type: 'end'; text: ''; pos: number };

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const WORDCHAR = /[A-Za-z0-9_.]/;

/** Printable form of a character for messages: itself when printable ASCII, else `U+XXXX`. */
function showChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0x21 && code <= 0x7e) return ch;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Splits `text` into tokens, ending with an `end` token. `offset` is added to every position so
 * that columns refer to the whole line the text was cut from (positions are 0-based; columns in
 * messages are 1-based).
 */
export function tokenize(text: string, context = '', offset = 0): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const pos = i + offset;
    if ((ch >= '0' && ch <= '9') || (ch === '.' && i + 1 < n && text[i + 1] >= '0' && text[i + 1] <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      // The pattern always matches here: a digit, or '.' followed by a digit.
      let end = i + (m ? m[0].length : 1);
      if (end < n && WORDCHAR.test(text[end])) {
        while (end < n && WORDCHAR.test(text[end])) end++;
        throw new ExprError('malformed number', { context, position: pos + 1, token: text.slice(i, end) });
      }
      const numText = text.slice(i, end);
      const value = Number(numText);
      if (!Number.isFinite(value)) {
        throw new ExprError('number out of range', { context, position: pos + 1, token: numText });
      }
      tokens.push({ type: 'num', text: numText, value, pos });
      i = end;
      continue;
    }
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch === '_') {
      IDENT.lastIndex = i;
      const m = IDENT.exec(text);
      const word = m ? m[0] : ch;
      tokens.push({ type: 'ident', text: word, pos });
      i += word.length;
      continue;
    }
    if (ch === '*' && text[i + 1] === '*') {
      tokens.push({ type: 'op', text: '**', op: '^', pos });
      i += 2;
      continue;
    }
    if (ch === '+' || ch === '-' || ch === '*' || ch === '/' || ch === '^' || ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: 'op', text: ch, op: ch, pos });
      i++;
      continue;
    }
    const cp = text.codePointAt(i) ?? 0;
    const full = String.fromCodePoint(cp);
    throw new ExprError('invalid character', { context, position: pos + 1, token: showChar(full) });
  }
  tokens.push({ type: 'end', text: '', pos: n + offset });
  return tokens;
}
