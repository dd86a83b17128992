/**
 * The two steps between model files and definitions: `modelsInFile` (a model file on disk -> its
 * checked definitions) and `modelFileText` (a definition -> the text of a file). JSON is the
 * definition itself (@shared/models/export/model-json), read back through the same checks as a
 * project's custom model; PyRates YAML goes through the PyRates importer and exporter
 * (@shared/models/pyrates, @shared/models/export/pyrates), the files it refers to read on demand
 * with the command line's limits (../cli/model-source.ts: plain relative .yaml paths, regular files
 * of at most 4 MiB, no link leading outside the folder). Files are data: parsed, never executed.
 */
import { basename, extname } from 'node:path';
import type { ImportedModels, ModelFileFormat } from '@shared/api';
import { toModelJson } from '@shared/models/export/model-json';
import { toPyratesYaml } from '@shared/models/export/pyrates';
import { importPyratesModel, listPyratesTemplates, PyratesError } from '@shared/models/pyrates';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { readModelDef } from '@shared/project/read-model';
import { Reader } from '@shared/project/reader';
import { jsonSyntaxError, positionAt } from '../cli/json-position';
import { diskSource, ModelFileAccessError, readLimited } from '../cli/model-source';

/** Name an imported model takes when its file calls it like a built-in template. */
export const IMPORTED_SUFFIX = '_imported';

/** `x` with a built-in template's name replaced by NAME_imported (a project's models have names of their own). */
function ownName<T>(x: T): T {
  const name = typeof x === 'object' && x !== null ? (x as { name?: unknown }).name : undefined;
  return typeof name === 'string' && getTemplate(name) ? { ...x, name: `${name}${IMPORTED_SUFFIX}` } : x;
}

/** The definition `x`, checked as a project's custom model; or why not (the first problems, by field). */
export function checkedModel(x: unknown, path = 'model'): { def: ModelDef } | { error: string } {
  const r = new Reader();
  const def = readModelDef(r, path, x);
  if (def === undefined) {
    const first = r.errors.slice(0, 3).map((e) => `${e.path === '' ? '' : `${e.path}: `}${e.message}`);
    return { error: `${first.join('; ')}${r.errors.length > 3 ? ` (and ${r.errors.length - 3} more)` : ''}` };
  }
  return { def };
}

/** `x` when it is exactly a built-in template (which may be exported as is), else undefined. */
export function exactTemplate(x: unknown): ModelDef | undefined {
  if (typeof x !== 'object' || x === null || typeof (x as { name?: unknown }).name !== 'string') return undefined;
  const t = getTemplate((x as { name: string }).name);
  if (t === undefined) return undefined;
  try {
    return JSON.stringify(x) === JSON.stringify(t) ? t : undefined;
  } catch {
    return undefined; // nested too deeply to compare: not a template
  }
}

function jsonModels(path: string): ImportedModels['models'] {
  const file = basename(path);
  const text = readLimited(path, file);
  const syntax = jsonSyntaxError(text);
  if (syntax !== null) {
    const p = positionAt(text, syntax.offset);
    return [{ name: file, error: `line ${p.line}, column ${p.col}: not valid JSON (${syntax.message})` }];
  }
  const checked = checkedModel(ownName(JSON.parse(text) as unknown), '');
  return 'def' in checked ? [{ name: checked.def.name, def: checked.def }] : [{ name: file, error: checked.error }];
}

/** Every circuit of a PyRates file (its nodes when it has no circuit), each imported on its own. */
function yamlModels(path: string): ImportedModels['models'] {
  const disk = diskSource(path);
  const { circuits, nodes } = listPyratesTemplates(disk.source, disk.main);
  const names = circuits.length > 0 ? circuits : nodes;
  if (names.length === 0) return [{ name: basename(path), error: 'the file defines no circuit and no node template to import' }];
  return names.map((name) => {
    try {
      return { name, def: ownName(importPyratesModel(disk.source, disk.main, name)) };
    } catch (e) {
      if (!(e instanceof PyratesError || e instanceof ModelFileAccessError)) throw e;
      return { name, error: e.message };
    }
  });
}

/**
 * The models of the model file at `path` (absolute): one for JSON, one per circuit (or node) for
 * PyRates YAML. Problems of one model are its entry's `error`; a file that cannot be read at all
 * throws an Error whose message names the file and says why.
 */
export function modelsInFile(path: string): ImportedModels['models'] {
  const ext = extname(path).toLowerCase();
  try {
    if (ext === '.json') return jsonModels(path);
    if (ext === '.yaml' || ext === '.yml') return yamlModels(path);
  } catch (e) {
    if (e instanceof PyratesError || e instanceof ModelFileAccessError) throw new Error(e.message, { cause: e });
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e), { cause: e });
  }
  throw new Error('a model file is a PyRates .yaml/.yml file or a model .json file (as File > Export Model… writes)');
}

/** The text of `def` as a `format` file; throws (a message for the user) when PyRates cannot take the model. */
export function modelFileText(def: ModelDef, format: ModelFileFormat): string {
  return format === 'json' ? toModelJson(def) : toPyratesYaml(def);
}
