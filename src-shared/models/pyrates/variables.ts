/**
 * PyRates' grammar of variable values (an operator's `variables:` entries):
 *
 *   0.02                  constant (YAML float)        1            constant (YAML int; recorded as such)
 *   "0.5"                 constant (text of a number)
 *   input | output | variable                   value 0
 *   input(220.0) | output(0.0) | variable(-60)  with a default / initial value
 *   variable(float)                             explicit real type, value 0
 *   {default: <one of the above>, description: ..., unit: ...}   (the format of PyRates before 0.10)
 *
 * Refused with a message: complex values and types, vectors (`variable(0.0, 5)`), any other text.
 */
import { PyratesError } from './errors';
import type { YValue } from './yaml-read';

export type VarKind = 'constant' | 'input' | 'output' | 'variable';

export interface VarSpec {
  kind: VarKind;
  /** Default (constant, input) or initial value (output, variable). */
  value: number;
  /** True when the value was written as an integer (`1`, not `1.0`). */
  integer: boolean;
  /** Description and unit of the legacy dictionary form, when given. */
  description?: string;
  unit?: string;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const COMPLEX = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)?(?:[+-](?:\d+\.?\d*|\.\d+)?(?:[eE][+-]?\d+)?)?[jJ]$/;
const CALL = /^(input|output|variable)\s*(?:\(([^()]*)\))?$/;
const LEGACY_KEYS = new Set(['default', 'description', 'unit']);

/** A number written as text, or undefined. */
function numberOf(text: string): { value: number; integer: boolean } | undefined {
  const t = text.trim();
  if (!NUMBER.test(t)) return undefined;
  const value = Number(t);
  return Number.isFinite(value) ? { value, integer: INTEGER.test(t) } : undefined;
}

/** Reads one variable's value; `where` names it for messages (`variable 'tau' of operator 'op'`). */
export function parseVariable(file: string, where: string, v: YValue): VarSpec {
  const fail = (problem: string): never => {
    throw new PyratesError(file, `${where}: ${problem}`, v.pos);
  };
  if (v.kind === 'map') {
    for (const k of v.entries.keys()) if (!LEGACY_KEYS.has(k)) fail(`unknown key '${k}' (a variable is a number, input(...), output(...) or variable(...))`);
    const d = v.entries.get('default');
    if (d === undefined) fail("the dictionary form needs a 'default' entry");
    const spec = parseVariable(file, where, d as YValue);
    const desc = v.entries.get('description');
    const unit = v.entries.get('unit');
    if (desc?.kind === 'scalar' && typeof desc.value === 'string') spec.description = desc.value;
    if (unit?.kind === 'scalar' && typeof unit.value === 'string') spec.unit = unit.value;
    return spec;
  }
  if (v.kind === 'seq') return fail('a list is not a variable value; vector-valued variables are not supported');
  const x = v.value;
  if (typeof x === 'bigint') {
    const value = Number(x);
    if (!Number.isSafeInteger(value)) fail(`the integer ${x} is too large`);
    return { kind: 'constant', value, integer: true };
  }
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) fail('must be a finite number');
    return { kind: 'constant', value: x, integer: false };
  }
  if (typeof x !== 'string') return fail('must be a number, input(...), output(...) or variable(...)');
  const text = x.trim();
  const n = numberOf(text);
  if (n !== undefined) return { kind: 'constant', ...n };
  if (COMPLEX.test(text.replace(/\s+/g, ''))) fail(`complex value '${text}' is not supported (real-valued models only)`);
  const m = CALL.exec(text);
  if (m === null) {
    return fail(`cannot read '${text}': write a number, input, output or variable, optionally with a default such as output(0.0)`);
  }
  const kind = m[1] as VarKind;
  const args = m[2] === undefined ? [] : m[2].split(',').map((a) => a.trim());
  if (args.length > 1) fail(`'${text}' declares a vector; vector-valued variables are not supported`);
  const arg = args[0] ?? '';
  if (arg === '' || arg === 'float' || arg === 'double' || arg === 'float64' || arg === 'float32') return { kind, value: 0, integer: false };
  if (arg === 'int') return { kind, value: 0, integer: true };
  if (arg === 'complex' || COMPLEX.test(arg.replace(/\s+/g, ''))) fail(`complex value '${text}' is not supported (real-valued models only)`);
  const num = numberOf(arg);
  if (num === undefined) fail(`cannot read the value '${arg}' in '${text}': write a number such as ${kind}(0.0)`);
  return { kind, ...(num as { value: number; integer: boolean }) };
}
