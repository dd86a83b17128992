/**
 * The model a simulation or continuation request runs: a built-in template named by `model`, or,
 * when the request carries `def`, that full custom definition (checked field by field and built by
 * the safe parser, never executed). Both the worker and main's handlers resolve requests here, so
 * they refuse the same ones. Custom definitions are remembered by content hash, so a model sent
 * with every request is checked once per thread.
 */
import { readModelDef } from '../project/read-model';
import { Reader } from '../project/reader';
import type { FieldIssue } from '../simulation/types';
import { modelHash, type ModelRef } from './identity';
import { getTemplate, TEMPLATES } from './templates';
import type { ModelDef } from './types';

export type RequestModel = { ok: true; def: ModelDef; ref: ModelRef } | { ok: false; message: string; issues: FieldIssue[] };

/** Custom definitions already checked, by the JSON text they arrived as (bounded). */
const checked = new Map<string, { def: ModelDef; ref: ModelRef }>();
const MAX_REMEMBERED = 64;

/** The model of a request whose shape is already checked (`model` a string; `def` anything). */
export function requestModel(req: { model: string; def?: unknown }): RequestModel {
  if (req.def === undefined) {
    const def = getTemplate(req.model);
    if (def !== undefined) return { ok: true, def, ref: { kind: 'template', name: def.name, version: def.version } };
    const known = TEMPLATES.map((t) => t.name).join(', ');
    return {
      ok: false,
      message: `Unknown model '${req.model}'.`,
      issues: [{ field: 'model', message: `unknown model '${req.model}' (built-in models: ${known}; a custom model travels with its definition in 'def')` }],
    };
  }
  const text = JSON.stringify(req.def);
  const seen = checked.get(text);
  if (seen !== undefined) return nameCheck(req.model, seen);
  const r = new Reader();
  const def = readModelDef(r, 'def', req.def);
  if (def === undefined) {
    return { ok: false, message: `The model definition '${req.model}' is invalid.`, issues: r.errors.map((e) => ({ field: e.path, message: e.message })) };
  }
  const entry = { def, ref: { kind: 'custom', name: def.name, hash: modelHash(def) } as ModelRef };
  if (checked.size >= MAX_REMEMBERED) checked.delete(checked.keys().next().value as string);
  checked.set(text, entry);
  return nameCheck(req.model, entry);
}

function nameCheck(model: string, entry: { def: ModelDef; ref: ModelRef }): RequestModel {
  if (entry.def.name === model) return { ok: true, ...entry };
  return {
    ok: false,
    message: `The request names model '${model}' but carries the definition of '${entry.def.name}'.`,
    issues: [{ field: 'model', message: `must equal def.name ('${entry.def.name}')` }],
  };
}
