/**
 * PyRates' equation forms, split into target and right-hand side:
 *
 *   x' = rhs        d/dt * x = rhs        d/dt x = rhs        dx/dt = rhs       (first-order ODEs)
 *   a = rhs                                                                     (algebraic)
 *
 * The right-hand side is kept as written (our language reads PyRates' syntax: `^` and `**`, pi, E,
 * the functions of the registry). Constructs outside real-valued ODEs are refused here with a
 * message naming them: delays (`past(x, d)`, `x(t - d)`), noise (`randn`), complex numbers
 * (`1.0j`, `I`, `real`, `imag`, `conj`), vector operations, and assignment operators (`+=`, ...).
 */
import { FUNCTION_NAMES } from '../../expr/functions';

export interface SplitEquation {
  kind: 'ode' | 'algebraic';
  target: string;
  rhs: string;
  /** 0-based offset of `rhs` in the equation text. */
  rhsOffset: number;
}

/** A problem of one equation, with the 0-based offset of the offending text when known. */
export class EquationProblem extends Error {
  constructor(
    message: string,
    readonly offset = 0,
  ) {
    super(message);
  }
}

const ID = '[A-Za-z_][A-Za-z0-9_]*';
const PRIME = new RegExp(`^(${ID})\\s*'$`);
const DDT_TIMES = new RegExp(`^d\\s*/\\s*dt\\s*\\*?\\s*(${ID})$`);
const D_DT = new RegExp(`^d(${ID})\\s*/\\s*dt$`);
const PLAIN = new RegExp(`^(${ID})$`);

const VECTOR_FUNCTIONS = [
  'vsum',
  'sum',
  'mean',
  'matmul',
  'matvec',
  'index',
  'index_range',
  'index_axis',
  'interp',
  'concatenate',
  'roll',
  'reshape2d',
  'flatten1d',
];
const COMPLEX_FUNCTIONS = ['real', 'imag', 'conj'];
const KNOWN = new Set<string>(FUNCTION_NAMES);

/** Offset of the first '=' that is an assignment (not part of ==, <=, >=, !=). */
function assignmentAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '=') continue;
    const prev = text[i - 1] ?? '';
    const next = text[i + 1] ?? '';
    if (next === '=' || (prev !== '' && '<>!='.includes(prev))) {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}

/** Refuses constructs our real-valued ODE language does not have, naming them. */
function refuseConstructs(rhs: string, offset: number): void {
  const found = (re: RegExp) => {
    re.lastIndex = 0;
    const m = re.exec(rhs);
    return m === null ? undefined : m;
  };
  const at = (m: RegExpExecArray) => offset + m.index;
  let m = found(/\bpast\s*\(/);
  if (m) throw new EquationProblem('delays (past(x, d)) are not supported; the importer takes ordinary differential equations only', at(m));
  for (const d of rhs.matchAll(new RegExp(`\\b(${ID})\\s*\\(\\s*t\\s*-`, 'g'))) {
    if (!KNOWN.has(d[1])) {
      throw new EquationProblem(
        `the delayed value ${d[1]}(t - ...) is not supported; the importer takes ordinary differential equations only`,
        offset + d.index,
      );
    }
  }
  m = found(/\brandn\s*\(/);
  if (m) throw new EquationProblem('noise (randn) is not supported; the importer takes deterministic equations only', at(m));
  m = found(/(?:\d|\.)[jJ]\b/);
  if (m) throw new EquationProblem('complex numbers are not supported (real-valued models only)', at(m));
  m = found(/\bI\b/);
  if (m) throw new EquationProblem("the imaginary unit 'I' is not supported (real-valued models only)", at(m));
  for (const fn of COMPLEX_FUNCTIONS) {
    m = found(new RegExp(`\\b${fn}\\s*\\(`));
    if (m) throw new EquationProblem(`the complex function ${fn}(...) is not supported (real-valued models only)`, at(m));
  }
  for (const fn of VECTOR_FUNCTIONS) {
    m = found(new RegExp(`\\b${fn}\\s*\\(`));
    if (m && !KNOWN.has(fn)) throw new EquationProblem(`the vector function ${fn}(...) is not supported (scalar variables only)`, at(m));
  }
  m = found(/\[/);
  if (m) throw new EquationProblem('indexing with [...] is not supported (scalar variables only)', at(m));
}

/** Splits one equation of an operator; throws EquationProblem with a message for the user. */
export function splitEquation(text: string): SplitEquation {
  const eq = assignmentAt(text);
  if (eq < 0) throw new EquationProblem("not an equation: expected x' = ... or a = ...");
  const lhs = text.slice(0, eq).trim();
  const rhsOffset = eq + 1;
  const rhs = text.slice(rhsOffset);
  if (/[+\-*/]$/.test(lhs) && !D_DT.test(lhs))
    throw new EquationProblem(`the assignment operator '${lhs.slice(-1)}=' is not supported; write x' = ... or a = ...`, eq - 1);
  if (rhs.trim() === '') throw new EquationProblem('the right-hand side is empty', rhsOffset);
  refuseConstructs(rhs, rhsOffset);
  let m = PRIME.exec(lhs) ?? DDT_TIMES.exec(lhs) ?? D_DT.exec(lhs);
  if (m) return { kind: 'ode', target: m[1], rhs, rhsOffset };
  m = PLAIN.exec(lhs);
  if (m) return { kind: 'algebraic', target: m[1], rhs, rhsOffset };
  if (/''/.test(lhs) || /d\s*\^?\s*2|d2/.test(lhs))
    throw new EquationProblem('only first-order equations are supported: write a second-order equation as two first-order ones');
  throw new EquationProblem(`cannot read the left-hand side '${lhs}': expected x', d/dt * x, dx/dt or a plain variable name`);
}
