/**
 * Reading a custom model definition (a library entry, a request's `def`).
 * A custom definition is checked field by field, then goes through the same safe parser as every
 * model (buildModel): its equations are parsed into trees, never executed.
 */
import { ExprError } from '../expr/errors';
import { buildModel, ModelError } from '../models/build';
import { getTemplate } from '../models/templates';
import type { ModelDef } from '../models/types';
import { at, finite, int, list, obj, oneOf, str, type Reader } from './reader';

const SYMBOL_KEYS = ['name', 'latex', 'description', 'unit'] as const;

function symbols<T>(
  r: Reader,
  path: string,
  x: unknown,
  extra: readonly string[],
  readExtra: (o: Record<string, unknown>, path: string) => Partial<T> | undefined,
): T[] | undefined {
  const items = list(r, path, x, 1000);
  if (!items) return undefined;
  const out: T[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const p = at(path, i);
    const o = obj(r, p, item, [...SYMBOL_KEYS, ...extra]);
    if (!o) return void (ok = false);
    const base: Record<string, unknown> = {};
    for (const k of SYMBOL_KEYS) {
      const v = str(r, at(p, k), o[k], 10_000);
      if (v === undefined) ok = false;
      base[k] = v;
    }
    const rest = readExtra(o, p);
    if (!rest) ok = false;
    out.push({ ...base, ...rest } as T);
  });
  return ok ? out : undefined;
}

/** The custom model definition at `path`, checked and built; undefined (errors recorded) if unusable. */
export function readModelDef(r: Reader, path: string, x: unknown): ModelDef | undefined {
  const o = obj(r, path, x, ['name', 'version', 'title', 'description', 'states', 'params', 'inputs', 'definitions', 'equations']);
  if (!o) return undefined;
  const before = r.errors.length;
  const name = str(r, at(path, 'name'), o.name, 64);
  const version = int(r, at(path, 'version'), o.version, 0, 1e9);
  const title = str(r, at(path, 'title'), o.title, 10_000);
  const description = str(r, at(path, 'description'), o.description);
  const states = symbols<ModelDef['states'][number]>(r, at(path, 'states'), o.states, ['initial'], (s, p) => {
    const initial = finite(r, at(p, 'initial'), s.initial);
    return initial === undefined ? undefined : { initial };
  });
  const params = symbols<ModelDef['params'][number]>(r, at(path, 'params'), o.params, ['default', 'domain'], (s, p) => {
    const d = finite(r, at(p, 'default'), s.default);
    if (d === undefined) return undefined;
    if (s.domain === undefined) return { default: d };
    const domain = oneOf(r, at(p, 'domain'), s.domain, ['positive', 'nonnegative', 'nonzero'] as const);
    return domain === undefined ? undefined : { default: d, domain };
  });
  const inputs = symbols<ModelDef['inputs'][number]>(r, at(path, 'inputs'), o.inputs, ['default'], (s, p) => {
    const d = finite(r, at(p, 'default'), s.default);
    return d === undefined ? undefined : { default: d };
  });
  const definitions = symbols<ModelDef['definitions'][number]>(r, at(path, 'definitions'), o.definitions, ['expr'], (s, p) => {
    const expr = str(r, at(p, 'expr'), s.expr);
    return expr === undefined ? undefined : { expr };
  });
  const eqItems = list(r, at(path, 'equations'), o.equations, 1000);
  const equations: ModelDef['equations'] = [];
  eqItems?.forEach((item, i) => {
    const p = at(at(path, 'equations'), i);
    const e = obj(r, p, item, ['state', 'rhs', 'latex']);
    if (!e) return;
    const state = str(r, at(p, 'state'), e.state, 64);
    const rhs = str(r, at(p, 'rhs'), e.rhs);
    const latex = str(r, at(p, 'latex'), e.latex, 10_000);
    if (state !== undefined && rhs !== undefined && latex !== undefined) equations.push({ state, rhs, latex });
  });
  if (r.errors.length > before) return undefined;
  const def: ModelDef = {
    name: name as string,
    version: version as number,
    title: title as string,
    description: description as string,
    states: states as ModelDef['states'],
    params: params as ModelDef['params'],
    inputs: inputs as ModelDef['inputs'],
    definitions: definitions as ModelDef['definitions'],
    equations,
  };
  if (getTemplate(def.name)) {
    return r.error(at(path, 'name'), `'${def.name}' is the name of a built-in template; a custom model needs its own name`);
  }
  try {
    buildModel(def);
  } catch (e) {
    if (e instanceof ModelError) {
      // `equation r': ...` keeps its context (it names the state); structural fields are the path.
      const where = fieldPath(def, e.field);
      const named = /^(equation|definition) /.test(e.field);
      return r.error(where ? at(path, where) : path, named ? e.message : e.message.slice(e.field.length + 2));
    }
    if (e instanceof ExprError) {
      const where = fieldPath(def, e.context);
      return r.error(where ? at(path, where) : path, e.message);
    }
    return r.error(path, e instanceof Error ? e.message : String(e));
  }
  return def;
}

/**
 * The JSON path inside the definition of a field named by the model builder: `equation r'` ->
 * `equations[0].rhs`, `definition I_syn` -> `definitions[2].expr`, `params[1].default (g)` ->
 * `params[1].default`, `model` -> '' (the whole definition).
 */
function fieldPath(def: ModelDef, field: string): string {
  const eq = /^equation (.+)'$/.exec(field);
  if (eq) {
    const i = def.equations.findIndex((e) => e.state === eq[1]);
    return i >= 0 ? `equations[${i}].rhs` : 'equations';
  }
  const d = /^definition (.+)$/.exec(field);
  if (d) {
    const i = def.definitions.findIndex((x) => x.name === d[1]);
    return i >= 0 ? `definitions[${i}].expr` : 'definitions';
  }
  if (field === 'model') return '';
  return field.replace(/ \(.*\)$/, '');
}
