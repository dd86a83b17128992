/**
 * One operator of one node, read: its variables through the grammar (./variables.ts), with the
 * node's changes applied, and its equations split and parsed over the operator's own variables.
 * Everything a PyRates operator may not be is refused here with the file, line and a message.
 */
import { symbolsOf, type Node } from '../../expr/ast';
import { ExprError } from '../../expr/errors';
import { parseExpression } from '../../expr/parse';
import { EquationProblem, splitEquation } from './equations';
import { PyratesError, type Pos } from './errors';
import type { OperatorUse } from './inherit';
import { isReservedName } from './names';
import { parseVariable, type VarSpec } from './variables';

export interface ParsedEquation {
  kind: 'ode' | 'algebraic';
  target: string;
  /** Right-hand side as written. */
  rhs: string;
  ast: Node;
  /** The operator's variables the right-hand side uses. */
  uses: Set<string>;
  pos: Pos;
}

export interface ReadOperator {
  name: string;
  file: string;
  pos: Pos;
  variables: Map<string, { spec: VarSpec; pos: Pos }>;
  equations: ParsedEquation[];
}

/** PyRates' reserved names (besides ours): refused as variable names. */
const PYRATES_RESERVED = new Set(['y', 'dy', 'source_idx', 'target_idx', 'I', 'E']);

/**
 * PyRates' Euler number `E`, written as `exp(1)` (equal to Math.E in IEEE arithmetic). Our
 * language has no constant `E`, so that models elsewhere may keep naming a population `E`.
 */
function eulerAsExp(rhs: string): string {
  let out = '';
  let from = 0;
  for (const m of rhs.matchAll(/\bE\b(?!\s*\()/g)) {
    // Not a number's exponent (1E5 is one token for the lexer; \b does not split it).
    out += `${rhs.slice(from, m.index)}exp(1)`;
    from = m.index + 1;
  }
  return out + rhs.slice(from);
}
const PYRATES_FORBIDDEN_PARTS = ['_buffer', '_delays', '_maxdelay', '_idx', '_hist'];

/** Reads `use` (an operator inside node `node`); throws PyratesError on any problem. */
export function readOperator(node: string, use: OperatorUse): ReadOperator {
  const op = use.op;
  const where = `operator '${op.name}'${node === '' ? '' : ` (node '${node}')`}`;
  const variables = new Map<string, { spec: VarSpec; pos: Pos }>();
  for (const [name, value] of op.variables) {
    const what = `variable '${name}' of ${where}`;
    if (isReservedName(name) || PYRATES_RESERVED.has(name)) {
      const kind = name === 't' ? 'time' : isReservedName(name) ? 'a function or constant of the equations' : 'reserved by PyRates';
      throw new PyratesError(op.file, `${what}: the name '${name}' is ${kind}; rename the variable`, value.pos);
    }
    if (PYRATES_FORBIDDEN_PARTS.some((p) => name.includes(p))) {
      throw new PyratesError(
        op.file,
        `${what}: names containing ${PYRATES_FORBIDDEN_PARTS.join(', ')} are reserved by PyRates; rename the variable`,
        value.pos,
      );
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new PyratesError(op.file, `${what}: not a valid name (letters, digits and _)`, value.pos);
    let spec = parseVariable(op.file, what, value);
    const change = use.changes.get(name);
    if (change !== undefined) {
      const changed = parseVariable(op.file, `change of ${what}`, change);
      // A plain number changes the value and keeps the kind; other forms redeclare the variable.
      spec = changed.kind === 'constant' && spec.kind !== 'constant' ? { ...spec, value: changed.value, integer: changed.integer } : changed;
    }
    variables.set(name, { spec, pos: value.pos });
  }
  const equations: ParsedEquation[] = [];
  const targets = new Set<string>();
  for (const eq of op.equations) {
    const fail = (problem: string): never => {
      throw new PyratesError(op.file, `equation "${eq.value.trim()}" of ${where}: ${problem}`, eq.pos);
    };
    let split;
    try {
      split = splitEquation(eq.value);
    } catch (e) {
      if (e instanceof EquationProblem) fail(e.message);
      throw e;
    }
    const target = variables.get(split.target);
    if (target === undefined) fail(`'${split.target}' is not a variable of the operator; declare it under variables`);
    const kind = (target as { spec: VarSpec }).spec.kind;
    if (kind === 'constant' || kind === 'input') {
      fail(`'${split.target}' is declared as ${kind === 'input' ? 'an input' : 'a constant'}; declare it as output(...) or variable(...)`);
    }
    if (targets.has(split.target)) fail(`a second equation for '${split.target}'`);
    targets.add(split.target);
    let ast: Node;
    try {
      ast = parseExpression(eulerAsExp(split.rhs), [...variables.keys()], 'right-hand side', split.rhsOffset);
    } catch (e) {
      if (e instanceof ExprError) {
        if (e.token === 't' && / unknown symbol/.test(e.message)) fail('time t is not supported in equations (autonomous models only)');
        const hint = / unknown symbol/.test(e.message) ? ' (declare it under variables)' : '';
        fail(`${e.message.replace(/^right-hand side: /, '')}${hint}`);
      }
      throw e;
    }
    equations.push({ kind: split.kind, target: split.target, rhs: eulerAsExp(split.rhs).trim(), ast, uses: symbolsOf(ast), pos: eq.pos });
  }
  const outputs = [...variables].filter(([, v]) => v.spec.kind === 'output').map(([k]) => k);
  if (outputs.length > 1)
    throw new PyratesError(op.file, `${where} declares several outputs (${outputs.join(', ')}); PyRates allows one output per operator`, op.pos);
  for (const [name, v] of variables) {
    if ((v.spec.kind === 'output' || v.spec.kind === 'variable') && !targets.has(name)) {
      throw new PyratesError(op.file, `variable '${name}' of ${where} has no equation; give it one, or declare it as a constant or input`, v.pos);
    }
  }
  return { name: op.name, file: op.file, pos: use.pos, variables, equations };
}
