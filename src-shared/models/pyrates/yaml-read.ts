/**
 * Reads a PyRates model file as data only: YAML 1.2 core schema (no custom or language tags, so
 * nothing in a file can construct objects), unique keys, a size limit checked before parsing, a
 * nesting limit checked by a linear pre-scan (deep flow nesting would otherwise exhaust the
 * parser's memory), and a limit on the size of the document once aliases are expanded (so
 * anchors that expand exponentially are refused). Every value keeps its line and column.
 */
import { isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { PyratesError, type Pos } from './errors';

/** Largest accepted model file, in characters. */
export const MAX_FILE_CHARS = 2_000_000;
/** Deepest accepted nesting of YAML collections. */
export const MAX_NESTING = 64;
/** Most values a file may hold once aliases are expanded. */
export const MAX_EXPANDED_VALUES = 200_000;

export interface YMap {
  kind: 'map';
  pos: Pos;
  /** Entries in file order; keys are the keys' text. */
  entries: Map<string, YValue>;
  /** Position of each key. */
  keyPos: Map<string, Pos>;
}
export interface YSeq {
  kind: 'seq';
  pos: Pos;
  items: YValue[];
}
/** A scalar: core-schema integers are bigint (so `1` and `1.0` stay distinct), other numbers number. */
export interface YScalar {
  kind: 'scalar';
  pos: Pos;
  value: string | number | bigint | boolean | null;
}
export type YValue = YMap | YSeq | YScalar;

/** One parsed model file: its top-level mapping (template name -> definition). */
export interface YamlFile {
  path: string;
  root: YMap;
}

const TOKENS_OPENING = new Set(['[', '{']);
const TOKENS_CLOSING = new Set([']', '}']);

/** Refuses flow collections nested deeper than MAX_NESTING, in one pass of the YAML lexer. */
function checkFlowNesting(path: string, text: string): void {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (TOKENS_OPENING.has(token)) {
      if (++depth > MAX_NESTING) {
        const before = text.slice(0, offset);
        const line = before.split('\n').length;
        const column = offset - before.lastIndexOf('\n');
        throw new PyratesError(path, `YAML nested more than ${MAX_NESTING} levels deep; a model file never needs that much nesting`, { line, column });
      }
    } else if (TOKENS_CLOSING.has(token)) depth = Math.max(0, depth - 1);
    // The lexer's control tokens (document start, scalar marker, ...) are one character below
    // the space that is not in the source text.
    if (!(token.length === 1 && token < ' ' && token !== '\n' && token !== '\t' && token !== '\r')) offset += token.length;
  }
}

class Converter {
  private readonly done = new Map<YamlNode, { value: YValue; size: number }>();
  private readonly active = new Set<YamlNode>();

  constructor(
    private readonly path: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  pos(node: YamlNode | null | undefined): Pos {
    const offset = node?.range?.[0] ?? 0;
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  fail(problem: string, node: YamlNode | null | undefined): never {
    throw new PyratesError(this.path, problem, this.pos(node));
  }

  /** The value of `node` and its size with aliases expanded (shared values are converted once). */
  convert(node: unknown, depth: number): { value: YValue; size: number } {
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (target === undefined) this.fail(`unknown alias '*${node.source}'`, node);
      return this.convert(target, depth);
    }
    const yn = node as YamlNode;
    const known = this.done.get(yn);
    if (known !== undefined) return known;
    if (depth > MAX_NESTING) this.fail(`YAML nested more than ${MAX_NESTING} levels deep; a model file never needs that much nesting`, yn);
    if (this.active.has(yn)) this.fail('an alias refers to a value that contains it', yn);
    this.active.add(yn);
    const result = this.build(yn, depth);
    this.active.delete(yn);
    if (result.size > MAX_EXPANDED_VALUES) {
      this.fail(`aliases expand to more than ${MAX_EXPANDED_VALUES} values; write the values out or use fewer nested aliases`, yn);
    }
    this.done.set(yn, result);
    return result;
  }

  private build(node: YamlNode, depth: number): { value: YValue; size: number } {
    const pos = this.pos(node);
    if (node.tag !== undefined && !node.tag.startsWith('tag:yaml.org,2002:')) this.fail(`the tag '${node.tag}' is not allowed in a model file`, node);
    if (isScalar(node)) {
      const v = node.value;
      if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'bigint' && typeof v !== 'boolean') {
        this.fail('unsupported kind of value', node);
      }
      return { value: { kind: 'scalar', pos, value: v }, size: 1 };
    }
    if (isSeq(node)) {
      let size = 1;
      const items = node.items.map((item) => {
        const c = this.convert(item, depth + 1);
        size += c.size;
        return c.value;
      });
      return { value: { kind: 'seq', pos, items }, size };
    }
    if (isMap(node)) {
      let size = 1;
      const entries = new Map<string, YValue>();
      const keyPos = new Map<string, Pos>();
      for (const pair of node.items) {
        const key: unknown = pair.key;
        if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number' && typeof key.value !== 'bigint')) {
          this.fail('a key must be a plain name', (key as YamlNode | null) ?? node);
        }
        const name = String(key.value);
        const c =
          pair.value === null ? { value: { kind: 'scalar', pos: this.pos(key), value: null } as YScalar, size: 1 } : this.convert(pair.value, depth + 1);
        size += c.size;
        entries.set(name, c.value);
        keyPos.set(name, this.pos(key));
      }
      return { value: { kind: 'map', pos, entries, keyPos }, size };
    }
    this.fail('unsupported YAML construct', node);
  }
}

/** Parses `text` (the file at `path`) into located values. Throws PyratesError on any problem. */
export function readYamlFile(path: string, text: string): YamlFile {
  if (text.length > MAX_FILE_CHARS) {
    throw new PyratesError(path, `file larger than ${MAX_FILE_CHARS / 1e6} MB (${(text.length / 1e6).toFixed(1)} MB); a model file is a few kB`);
  }
  checkFlowNesting(path, text);
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    schema: 'core',
    customTags: [],
    uniqueKeys: true,
    intAsBigInt: true,
    lineCounter: lines,
    prettyErrors: false,
    strict: true,
  });
  const issue = doc.errors[0] ?? doc.warnings[0];
  if (issue !== undefined) {
    const p = lines.linePos(issue.pos[0]);
    const first = issue.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new PyratesError(path, `YAML: ${first}`, { line: p.line, column: p.col });
  }
  if (doc.contents === null) return { path, root: { kind: 'map', pos: { line: 1, column: 1 }, entries: new Map(), keyPos: new Map() } };
  let root: YValue;
  try {
    root = new Converter(path, doc, lines).convert(doc.contents, 0).value;
  } catch (e) {
    if (e instanceof RangeError) throw new PyratesError(path, 'YAML nested too deeply');
    throw e;
  }
  if (root.kind !== 'map') throw new PyratesError(path, 'a model file is a mapping of template names to templates', root.pos);
  return { path, root };
}
