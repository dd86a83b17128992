/**
 * Finding templates, as PyRates does: a name without a dot or slash is a template of the same file;
 * a dotted name `pkg.sub.file.tpl` is the template `tpl` of the file `pkg/sub/file.yaml` (or
 * `.yml`); a slash path `dir/file/tpl` likewise names `dir/file.yaml`. PyRates resolves dotted
 * names through its installed package (`model_templates...`) and slash paths against the working
 * directory; here both are looked up against the folder of the referring file and then each of its
 * ancestors in turn, so a copy of a model_templates tree loads wherever it sits in the source.
 * Files are parsed once and cached by path.
 */
import { standardPath, standardText } from './standard-library';
import { PyratesError, type Pos } from './errors';
import { readYamlFile, type YamlFile, type YMap, type YValue } from './yaml-read';

/** Where model files come from: text of a file by '/'-separated path relative to the root, or undefined. */
export interface ModelFileSource {
  read(path: string): string | undefined;
}

/** The template classes a `base:` may name directly. */
export const CLASS_KINDS = {
  OperatorTemplate: 'operator',
  NodeTemplate: 'node',
  EdgeTemplate: 'edge',
  CircuitTemplate: 'circuit',
} as const;
export type TemplateKind = (typeof CLASS_KINDS)[keyof typeof CLASS_KINDS];

/** Most files one import may read (a model and the files its templates refer to). */
export const MAX_FILES = 64;

/** A template as written: its file, name and mapping. `id` is `file#name`. */
export interface RawTemplate {
  id: string;
  file: string;
  name: string;
  map: YMap;
  pos: Pos;
}

/** Normalises a '/'-separated relative path; undefined when it climbs above the root. */
export function normalisePath(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** The folder of `file` and each of its ancestors, nearest first ('' is the root). */
function foldersUp(file: string): string[] {
  const parts = file.split('/').slice(0, -1);
  const out: string[] = [];
  for (let n = parts.length; n >= 0; n--) out.push(parts.slice(0, n).join('/'));
  return out;
}

const join = (folder: string, rest: string) => (folder === '' ? rest : `${folder}/${rest}`);

export class TemplateLibrary {
  private readonly files = new Map<string, YamlFile | undefined>();

  constructor(private readonly source: ModelFileSource) {}

  /** The parsed file at `path` (cached), or undefined when the source has no such file. */
  tryFile(path: string): YamlFile | undefined {
    if (this.files.has(path)) return this.files.get(path);
    if (this.files.size >= MAX_FILES) throw new PyratesError(path, `more than ${MAX_FILES} model files referenced; simplify the references between files`);
    const text = standardText(path) ?? this.source.read(path);
    const file = text === undefined ? undefined : readYamlFile(path, text);
    this.files.set(path, file);
    return file;
  }

  /** The parsed file at `path`; a PyratesError when it cannot be read. */
  file(path: string): YamlFile {
    const f = this.tryFile(path);
    if (f === undefined) throw new PyratesError(path, 'cannot read this file');
    return f;
  }

  /** The templates of a file: its top-level entries that are mappings with a `base`. */
  templatesOf(path: string): RawTemplate[] {
    const f = this.file(path);
    const out: RawTemplate[] = [];
    for (const [name, v] of f.root.entries) {
      if (v.kind === 'map' && v.entries.has('base')) out.push(this.raw(f, name, v));
    }
    return out;
  }

  private raw(f: YamlFile, name: string, map: YMap): RawTemplate {
    return { id: `${f.path}#${name}`, file: f.path, name, map, pos: f.root.keyPos.get(name) ?? map.pos };
  }

  /** The template called `name` in `file` (a PyratesError naming the templates when absent). */
  inFile(file: string, name: string, from: { file: string; pos?: Pos }, what: string): RawTemplate {
    const f = this.file(file);
    const v: YValue | undefined = f.root.entries.get(name);
    if (v === undefined || v.kind !== 'map' || !v.entries.has('base')) {
      const known = this.templatesOf(file).map((t) => t.name);
      const list = known.length > 0 ? ` (templates there: ${known.slice(0, 20).join(', ')})` : '';
      throw new PyratesError(from.file, `${what} '${name}' is not a template of ${file}${list}`, from.pos);
    }
    return this.raw(f, name, v);
  }

  /**
   * The template a reference in `from.file` names (see the file comment). `what` says what the
   * reference is for in messages (e.g. `base`, `operator`, `node`).
   */
  lookup(ref: string, from: { file: string; pos?: Pos }, what: string): RawTemplate {
    const text = ref.trim();
    if (text === '') throw new PyratesError(from.file, `empty ${what} reference`, from.pos);
    const slash = text.includes('/');
    if (!slash && !text.includes('.')) return this.inFile(from.file, text, from, what);
    const parts = slash ? text.split('/') : text.split('.');
    const name = parts[parts.length - 1];
    const rel = parts.slice(0, -1).join('/');
    if (name === '' || rel === '') throw new PyratesError(from.file, `${what} reference '${text}' names no template`, from.pos);
    const tried: string[] = [];
    const folders = text.startsWith('/') ? [''] : foldersUp(from.file);
    for (const folder of folders) {
      for (const ext of ['.yaml', '.yml']) {
        const path = normalisePath(join(folder, rel + ext));
        if (path === undefined || tried.includes(path)) continue;
        tried.push(path);
        if (this.tryFile(path) !== undefined) return this.inFile(path, name, from, what);
      }
    }
    // Not in the user's folders: PyRates' own building blocks, as its installed package provides them.
    const standard = slash ? undefined : standardPath(rel);
    if (standard !== undefined) return this.inFile(standard, name, from, what);
    const shown = tried.slice(0, 6).join(', ') + (tried.length > 6 ? ', ...' : '');
    throw new PyratesError(
      from.file,
      `cannot find the file of ${what} '${text}' (looked for ${shown}); put it next to this file or in a parent folder`,
      from.pos,
    );
  }
}
