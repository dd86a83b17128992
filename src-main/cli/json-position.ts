/**
 * Positions in a JSON text, for messages of the form FILE:LINE:COL: where a syntax error is (Node's
 * JSON.parse does not say on every version) and where the value at a field path such as
 * `equations[1].rhs` starts. Lines and columns are 1-based; columns count UTF-16 units.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

export interface TextPosition {
  line: number;
  col: number;
}

/** Line and column of `offset` in `text`. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

const MAX_DEPTH = 512;

/**
 * The first syntax error of `text` as JSON (RFC 8259), or null when it is valid JSON: its offset and
 * what was expected there. A scanner only: no values are built.
 */
export function jsonSyntaxError(text: string): { offset: number; message: string } | null {
  let i = 0;
  const fail = (message: string): never => {
    throw { offset: i, message };
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const what = () => (i >= text.length ? 'end of file' : `'${text[i]}'`);
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${what()}: expected a value`);
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail('control character in a string (write it as an escape such as \\n)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape (four hex digits expected)');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('bad escape in a string');
      } else i++;
    }
  };
  const number = () => {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = i;
    if (!m.exec(text)) fail(`unexpected ${what()}: expected a value`);
    i = m.lastIndex;
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} levels`);
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`unexpected ${what()}: expected a quoted field name`);
        string();
        ws();
        if (text[i] !== ':') fail(`unexpected ${what()}: expected ':'`);
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail(`unexpected ${what()}: expected ',' or '}'`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail(`unexpected ${what()}: expected ',' or ']'`);
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return number();
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value(0);
    ws();
    if (i < text.length) fail(`unexpected ${what()} after the end of the JSON value`);
    return null;
  } catch (e) {
    return e as { offset: number; message: string };
  }
}

/** The keys and indices of a field path such as `states[2].name` or `params["a b"]`; null if it is not one. */
export function pathSegments(path: string): (string | number)[] | null {
  const out: (string | number)[] = [];
  const re = /([A-Za-z_$][\w$]*)|\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let i = 0;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (m === null || (i > 0 && m[1] !== undefined)) return null;
    out.push(m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? (JSON.parse(m[4]) as string) : (m[1] ?? m[2]));
    i = re.lastIndex;
  }
  return out;
}

/**
 * Where the value at `path` starts in the JSON `text` (valid JSON), or where its nearest enclosing
 * value starts when the path leads nowhere (a missing field); line 1, column 1 when unknown.
 */
export function locatePath(text: string, path: string): TextPosition {
  const segments = pathSegments(path) ?? [];
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, keepSourceTokens: false });
  let node: YamlNode | null = doc.contents;
  for (const key of segments) {
    let next: unknown;
    if (isMap(node)) next = node.get(key, true);
    else if (isSeq(node) && typeof key === 'number') next = node.get(key, true);
    if (next === undefined || next === null || typeof next !== 'object') break;
    node = next as YamlNode;
  }
  const offset = node?.range?.[0] ?? 0;
  const p = counter.linePos(offset);
  return { line: p.line, col: p.col };
}
