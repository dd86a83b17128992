/**
 * `meanfield export`: writes a model (a built-in template, or the model of --model-file) as a
 * PyRates YAML file (the flattened form PyRates' own to_yaml writes) or as the project's model
 * JSON (which --model-file reads back).
 */
import { ExprError } from '@shared/expr/errors';
import { ModelError } from '@shared/models/build';
import { toModelJson } from '@shared/models/export/model-json';
import { ExportError, toPyratesYaml } from '@shared/models/export/pyrates';
import type { ModelDef } from '@shared/models/types';
import { UsageError, type ExportFormat } from './args';

/** The text of `def` in `format`; a UsageError (exit 2) naming the symbol when PyRates cannot take the model. */
export function exportText(def: ModelDef, format: ExportFormat): string {
  if (format === 'json') return toModelJson(def);
  try {
    return toPyratesYaml(def);
  } catch (e) {
    if (e instanceof ExportError) throw new UsageError(`--format pyrates: cannot export ${def.name}: ${e.message}`);
    if (e instanceof ModelError || e instanceof ExprError) throw new UsageError(`cannot export ${def.name}: ${e.message}`);
    throw e;
  }
}
