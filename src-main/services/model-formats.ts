/**
 * The two steps between model files and definitions, each behind one function: `modelsInFile`
 * (a file of a model folder -> its checked definitions) and `modelFileText` (a definition -> the
 * text of a file). JSON is the definition itself (read back through the same checks as a project's
 * custom model); PyRates YAML goes through the PyRates importer and exporter of src-shared/models.
 * Files are data: parsed, never executed.
 */
import type { ImportedModels, ModelFileFormat } from '@shared/api';
import { readModelDef } from '@shared/project/read-model';
import { Reader } from '@shared/project/reader';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import type { ModelFolder } from './model-folder';

/** Name an imported model takes when its file calls it like a built-in template. */
export const IMPORTED_SUFFIX = '_imported';

/** The definition in `x` (a bare definition, or `{ model: definition }`), checked; or why not. */
export function checkedModel(x: unknown, path = 'model'): { def: ModelDef } | { error: string } {
  const inner = typeof x === 'object' && x !== null && !Array.isArray(x) && 'model' in x && !('states' in x) ? (x as { model: unknown }).model : x;
  const r = new Reader();
  const def = readModelDef(r, path, inner);
  if (def === undefined) {
    const first = r.errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`);
    return { error: `${first.join('; ')}${r.errors.length > 3 ? ` (and ${r.errors.length - 3} more)` : ''}` };
  }
  return { def };
}

/** PyRates YAML: the importer's step (not part of this build yet: every template reports that). */
function pyratesModels(folder: ModelFolder): ImportedModels['models'] {
  return [
    {
      name: folder.file,
      error: 'Importing PyRates YAML files is not available in this build yet. A model saved as JSON (File > Export Model…) can be imported.',
    },
  ];
}

/** The models of the folder's chosen file. */
export function modelsInFile(folder: ModelFolder): ImportedModels['models'] {
  const text = folder.files.get(folder.file) ?? '';
  if (/\.json$/i.test(folder.file)) {
    let x: unknown;
    try {
      x = JSON.parse(text);
    } catch (e) {
      return [{ name: folder.file, error: `Not valid JSON: ${(e as Error).message}` }];
    }
    // A template exported as is: imported as a model of its own, under a name of its own.
    if (typeof x === 'object' && x !== null && typeof (x as { name?: unknown }).name === 'string' && getTemplate((x as { name: string }).name)) {
      x = { ...x, name: `${(x as { name: string }).name}${IMPORTED_SUFFIX}` };
    }
    const checked = checkedModel(x);
    return 'def' in checked ? [{ name: checked.def.name, def: checked.def }] : [{ name: folder.file, error: checked.error }];
  }
  return pyratesModels(folder);
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

/** The text of `def` as a `format` file; throws with a message when the format cannot be written. */
export function modelFileText(def: ModelDef, format: ModelFileFormat): string {
  if (format === 'json') return `${JSON.stringify(def, null, 2)}\n`;
  throw new Error('Exporting PyRates YAML is not available in this build yet; export as JSON instead.');
}
