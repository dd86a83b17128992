/**
 * `--model-file FILE`: a model from a file, for simulate, continue and export.
 * - `.json`: the project's own model form (as `meanfield export --format json` writes it), checked
 *   field by field and built by the safe parser, as a project's custom model is;
 * - `.yaml` / `.yml`: a PyRates model file; `--model NAME` picks the circuit template (optional
 *   when the file holds one circuit). Referenced files are read as ./model-source.ts describes.
 * Every problem is a ModelFileError whose message is `FILE:LINE:COL: what` (the field path for
 * JSON, the template and key for YAML). A model named like a built-in template runs as that
 * template when it is the same model (the same identity, @shared/models/identity, which ignores
 * what a PyRates file cannot hold); otherwise it is renamed NAME_file, with a note.
 */
import { extname } from 'node:path';
import { modelHash } from '@shared/models/identity';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { readModelDef } from '@shared/project/read-model';
import { Reader } from '@shared/project/reader';
import { UsageError } from './args';
import { jsonSyntaxError, locatePath, positionAt } from './json-position';
import { importPyratesModel, listPyratesTemplates, PyratesError } from '@shared/models/pyrates';
import { diskSource, ModelFileAccessError, readLimited } from './model-source';

/** A model file that cannot be used; the message starts with `FILE:LINE:COL:` (or `FILE:`). */
export class ModelFileError extends UsageError {
  override name = 'ModelFileError';
}

export interface ModelFromFile {
  def: ModelDef;
  /** True when the file's model is a built-in template (same name and content): run it as that template. */
  builtin: boolean;
  /** Lines for standard error (`warning: ...`, `note: ...`). */
  notes: string[];
}

function ioMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'a folder, not a file';
  return e instanceof Error ? e.message : String(e);
}

function readText(file: string): string {
  try {
    return readLimited(file);
  } catch (e) {
    if (e instanceof ModelFileAccessError) throw new ModelFileError(`--model-file ${file}: ${e.message}`);
    throw new ModelFileError(`--model-file ${file}: cannot read it (${ioMessage(e)})`);
  }
}

/** The model of a `.json` model file (see the file comment). */
function jsonModel(file: string, text: string): { def: ModelDef; notes: string[] } {
  const syntax = jsonSyntaxError(text);
  if (syntax !== null) {
    const p = positionAt(text, syntax.offset);
    throw new ModelFileError(`${file}:${p.line}:${p.col}: not valid JSON: ${syntax.message}`);
  }
  const x: unknown = JSON.parse(text);
  const where = (path: string) => {
    const p = locatePath(text, path);
    return `${file}:${p.line}:${p.col}`;
  };
  const r = new Reader();
  // A built-in template's name is checked below, against the template's content.
  const builtinName = typeof (x as { name?: unknown })?.name === 'string' && getTemplate((x as { name: string }).name) !== undefined;
  const def = readModelDef(r, '', builtinName ? { ...(x as object), name: 'model_file' } : x);
  if (def === undefined) {
    const [first, ...rest] = r.errors;
    const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    // The whole file is `file` for the reader; the position says where.
    const field = first.path === '' || first.path === 'file' ? '' : `${first.path}: `;
    throw new ModelFileError(`${where(first.path)}: ${field}${first.message}${more}`);
  }
  const notes = r.warnings.map((w) => `warning: ${where(w.path)}: ${w.path}: ${w.message}`);
  return { def: builtinName ? { ...def, name: (x as { name: string }).name } : def, notes };
}

/** The model of a PyRates `.yaml` file: the circuit `name`, or the file's only circuit. */
function yamlModel(file: string, name: string | undefined): ModelDef {
  readText(file); // the file itself: exists, is a regular file, within the size limit
  const disk = diskSource(file);
  try {
    let circuit = name;
    if (circuit === undefined) {
      const { circuits } = listPyratesTemplates(disk.source, disk.main);
      if (circuits.length !== 1) {
        const list = circuits.length > 0 ? `: ${circuits.join(', ')}` : '';
        throw new UsageError(`--model: required with ${file}, which holds ${circuits.length} circuit templates${list}`);
      }
      circuit = circuits[0];
    }
    return importPyratesModel(disk.source, disk.main, circuit);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (e instanceof ModelFileAccessError) throw new ModelFileError(`${e.file}: ${e.message}`);
    if (e instanceof PyratesError) {
      // The importer's message starts with its own `file:line:column: `; the file is named here as the user finds it.
      const at = e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ''}` : '';
      const own = `${e.file}${at}: `;
      const problem = e.message.startsWith(own) ? e.message.slice(own.length) : e.message;
      throw new ModelFileError(`${disk.shown(e.file)}${at}: ${problem}`);
    }
    throw new ModelFileError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * The model `--model-file file` (and `--model name`, when given) denote. Throws ModelFileError or
 * UsageError with a one-line message.
 */
export function readModelFile(file: string, name: string | undefined): ModelFromFile {
  const ext = extname(file).toLowerCase();
  let def: ModelDef;
  const notes: string[] = [];
  if (ext === '.json') {
    const read = jsonModel(file, readText(file));
    def = read.def;
    notes.push(...read.notes);
    if (name !== undefined && name !== def.name) {
      throw new UsageError(`--model ${name}: ${file} holds the model '${def.name}' (leave out --model, or name that one)`);
    }
  } else if (ext === '.yaml' || ext === '.yml') {
    def = yamlModel(file, name);
  } else {
    throw new UsageError(`--model-file ${file}: must be a .json model file (as 'meanfield export --format json' writes) or a PyRates .yaml/.yml file`);
  }
  const template = getTemplate(def.name);
  if (template === undefined) return { def, builtin: false, notes };
  // Identity ignores what a PyRates file cannot hold (domains, the spelling of expressions).
  if (modelHash(def) === modelHash(template)) return { def: template, builtin: true, notes };
  const renamed = `${def.name}_file`;
  notes.push(`note: the model in ${file} is named '${def.name}' like a built-in template but differs from it; it runs as '${renamed}'`);
  return { def: { ...def, name: renamed }, builtin: false, notes };
}
