/**
 * What PyRates makes of names and expressions: the spelling of our functions in its equation
 * syntax, and the names it refuses or misreads as variables. A model using such a name cannot be
 * written as a PyRates template; the exporter says which symbol and why.
 */
import type { FnName } from '../../expr/functions';

/**
 * The functions whose PyRates name differs from ours (PyRates' `base_funcs` table); every other
 * function of the language has the same name in PyRates (sympy's exp, log, sqrt, sin, ...).
 */
const PYRATES_RENAMED: Readonly<Record<string, string>> = { abs: 'absv', atan: 'arctan', min: 'mini', max: 'maxi' };

/** PyRates' name of the function `fn` of the model language. */
export function pyratesFunctionName(fn: FnName): string {
  return Object.prototype.hasOwnProperty.call(PYRATES_RENAMED, fn) ? PYRATES_RENAMED[fn] : fn;
}

/** Names PyRates refuses as variables in every version: time, its backend's indices, sympy's constants. */
const RESERVED_ALWAYS = ['t', 'y', 'dy', 'source_idx', 'target_idx', 'pi', 'I', 'E'];

/** Names its equation parser claims since PyRates 1.2 (sympy's singletons and functions). */
const RESERVED_SINCE_1_2 = ['S', 'Q', 'O', 'N', 'oo', 'zoo', 'nan', 'beta', 'gamma', 'Beta', 'Gamma'];

/** PyRates' own functions: a variable of the same name would be read as the function. */
const PYRATES_FUNCTION_NAMES = [
  'sin', 'cos', 'tan', 'cot', 'sec', 'csc', 'sinh', 'cosh', 'tanh', 'arcsin', 'arccos', 'arctan', 'exp', 'log', 'sqrt', 'abs',
  'absv', 'sign', 'real', 'imag', 'conj', 'round', 'sigmoid', 'maxi', 'mini', 'vsum', 'sum', 'mean', 'matmul', 'matvec', 'index',
  'index_range', 'index_axis', 'interp', 'randn', 'past', 'concatenate',
]; // prettier-ignore

/** Python keywords: equations are read by Python's and sympy's parsers. */
const PYTHON_KEYWORDS = [
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
]; // prettier-ignore

/** Parts of names PyRates uses for the variables it generates (delay buffers, indices, history). */
export const FORBIDDEN_PARTS = ['_buffer', '_delays', '_maxdelay', '_idx', '_hist'];

/**
 * Why PyRates cannot take `name` as a variable name, or null when it can. The reason is a phrase
 * such as `is reserved by PyRates (time)`.
 */
export function pyratesNameProblem(name: string): string | null {
  if (name === 't') return 'is reserved by PyRates (the time variable)';
  if (RESERVED_ALWAYS.includes(name)) return 'is reserved by PyRates';
  if (RESERVED_SINCE_1_2.includes(name)) return 'is reserved by PyRates (a name of its equation parser since version 1.2)';
  if (PYRATES_FUNCTION_NAMES.includes(name)) return 'is the name of a PyRates function';
  if (PYTHON_KEYWORDS.includes(name)) return 'is a Python keyword, which PyRates cannot read as a variable';
  const part = FORBIDDEN_PARTS.find((p) => name.includes(p));
  if (part !== undefined) return `contains '${part}', which PyRates reserves for the variables it generates`;
  return null;
}
