/**
 * Constructs the importer does not support (or that PyRates itself refuses) give one PyratesError
 * naming the construct, the file and the line, and saying what to do.
 */
import { describe, expect, it } from 'vitest';
import { importPyratesModel } from '@shared/models/pyrates';
import { errorOf } from './catch';
import { oneFile } from './sources';

/** A file with operator `op` (equations and variables as given, YAML flow text) in node `n` and circuit `c`. */
function model(equations: string, variables: string, circuitExtra = ''): string {
  return `op:
  base: OperatorTemplate
  equations: ${equations}
  variables: ${variables}
n:
  base: NodeTemplate
  operators: [op]
c:
  base: CircuitTemplate
  nodes: {p: n}
${circuitExtra}`;
}

const refusal = (text: string, name = 'c') => errorOf(() => importPyratesModel(oneFile(text), 'm.yaml', name));

describe('refused constructs', () => {
  const cases: [string, string, RegExp, number][] = [
    [
      'a delay on an edge',
      model('"x\' = -x + a"', '{x: output(0.0), a: input(0.0)}', '  edges: [[p/op/x, p/op/a, null, {weight: 1.0, delay: 0.5}]]'),
      /delays on edges are not supported/,
      11,
    ],
    [
      'a spread on an edge',
      model('"x\' = -x + a"', '{x: output(0.0), a: input(0.0)}', '  edges: [[p/op/x, p/op/a, null, {weight: 1.0, spread: 0.1}]]'),
      /delay spreads on edges are not supported/,
      11,
    ],
    ['past(x, d)', model('"x\' = -past(x, 1.0)"', '{x: output(0.0)}'), /delays \(past\(x, d\)\) are not supported/, 3],
    ['x(t - d)', model('"x\' = -x(t - 2.0)"', '{x: output(0.0)}'), /delayed value x\(t - \.\.\.\) is not supported/, 3],
    [
      'an edge template',
      model('"x\' = -x + a"', '{x: output(0.0), a: input(0.0)}', '  edges: [[p/op/x, p/op/a, my_edge, {weight: 1.0}]]'),
      /edge templates \('my_edge'\) are not supported/,
      11,
    ],
    [
      'an edge operator attribute',
      model('"x\' = -x + a"', '{x: output(0.0), a: input(0.0)}', '  edges: [[p/op/x, p/op/a, null, {weight: 1.0, my_edge/op/k: 2.0}]]'),
      /unknown edge attribute 'my_edge\/op\/k'/,
      11,
    ],
    [
      'sub-circuits',
      model('"x\' = -x"', '{x: output(0.0)}', '  circuits: {c1: other, c2: other}'),
      /sub-circuit 'c1'.*sub-circuits \(circuits:\) are not supported/,
      11,
    ],
    ['a complex constant', model('"x\' = -x*k"', '{x: output(0.0), k: "0.0+1.0j"}'), /complex value '0\.0\+1\.0j' is not supported/, 4],
    ['a complex state', model('"x\' = -x"', '{x: output(0.5+0.1j)}'), /complex value 'output\(0\.5\+0\.1j\)' is not supported/, 4],
    ['a complex literal in an equation', model('"x\' = -x*1.0j"', '{x: output(0.0)}'), /complex numbers are not supported/, 3],
    ['the imaginary unit', model('"x\' = -x*I"', '{x: output(0.0)}'), /imaginary unit 'I' is not supported/, 3],
    ['conj', model('"x\' = -conj(x)"', '{x: output(0.0)}'), /complex function conj\(\.\.\.\) is not supported/, 3],
    ['a vector variable', model('"x\' = -x"', '{x: "variable(0.0, 5)"}'), /declares a vector; vector-valued variables are not supported/, 4],
    ['randn', model('"x\' = -x + randn()"', '{x: output(0.0)}'), /noise \(randn\) is not supported/, 3],
    ['a variable named like a function', model('"x\' = -exp*x"', '{x: output(0.0), exp: 1.0}'), /the name 'exp' is a function or constant/, 4],
    ['a variable named like a constant', model('"x\' = -pi*x"', '{x: output(0.0), pi: 3.0}'), /the name 'pi' is a function or constant/, 4],
    ['a variable named E (Euler number in PyRates)', model('"x\' = -E*x"', '{x: output(0.0), E: 3.0}'), /the name 'E' is reserved by PyRates/, 4],
    ['a variable named as PyRates reserves', model('"x\' = -I*x"', '{x: output(0.0), I: 3.0}'), /the name 'I' is reserved by PyRates/, 4],
    ['an undefined symbol', model('"x\' = -x/tau"', '{x: output(0.0)}'), /unknown symbol 'tau' at column 9 \(declare it under variables\)/, 3],
    ['an equation for an undeclared variable', model('"y2\' = -x"', '{x: output(0.0)}'), /'y2' is not a variable of the operator/, 3],
    ['an equation that is no equation', model('"x + 1"', '{x: output(0.0)}'), /not an equation/, 3],
    ['an empty right-hand side', model('"x\' = "', '{x: output(0.0)}'), /right-hand side is empty/, 3],
    ['time in an equation', model('"x\' = -x + sin(t)"', '{x: output(0.0)}'), /time t is not supported/, 3],
    ['code in an equation', model('"x\' = -x + process.exit(1)"', '{x: output(0.0)}'), /invalid character '\.'/, 3],
    ['an unknown function', model('"x\' = -erf(x)"', '{x: output(0.0)}'), /unknown function 'erf'/, 3],
    ['an equation for an input', model('"a\' = -a"', '{a: input(0.0)}'), /'a' is declared as an input/, 3],
    ['a state without equation', model('"x\' = -x + w"', '{x: output(0.0), w: variable(1.0)}'), /variable 'w' .* has no equation/, 4],
    ['two outputs', model('["x\' = -x", "w\' = -w"]', '{x: output(0.0), w: output(0.0)}'), /several outputs \(x, w\)/, 1],
    ['two equations for one state', model('["x\' = -x", "x\' = x"]', '{x: output(0.0)}'), /a second equation for 'x'/, 3],
    ['a second-order equation', model('"x\'\' = -x"', '{x: output(0.0)}'), /only first-order equations/, 3],
    ['an assignment operator', model('"x += 1.0"', '{x: output(0.0)}'), /assignment operator '\+=' is not supported/, 3],
    ['an unreadable variable value', model('"x\' = -x*k"', '{x: output(0.0), k: -PI/2}'), /cannot read '-PI\/2'/, 4],
    [
      'an edge into a state',
      model('"x\' = -x"', '{x: output(0.0)}', '  edges: [[p/op/x, p/op/x, null, {weight: 1.0}]]'),
      /target 'p\/op\/x' is not an input/,
      11,
    ],
    [
      'an edge to a missing node',
      model('"x\' = -x + a"', '{x: output(0.0), a: input(0.0)}', '  edges: [[q/op/x, p/op/a, null, {weight: 1.0}]]'),
      /source 'q\/op\/x' does not exist: no node 'q' \(nodes: p\)/,
      11,
    ],
    ['an edge with 3 entries', model('"x\' = -x + a"', '{x: output(0.0), a: input(0.0)}', '  edges: [[p/op/x, p/op/a, null]]'), /list of 4 entries/, 11],
    [
      'an edge path into a sub-circuit',
      model('"x\' = -x + a"', '{x: output(0.0), a: input(0.0)}', '  edges: [[c1/p/op/x, p/op/a, null, {weight: 1.0}]]'),
      /points into a sub-circuit/,
      11,
    ],
  ];
  it.each(cases)('%s', (_what, text, message, line) => {
    const e = refusal(text);
    expect(e.message).toMatch(message);
    expect(e.file).toBe('m.yaml');
    expect(e.line).toBe(line);
    expect(e.message.startsWith(`m.yaml:${line}:`)).toBe(true);
  });

  it('names unknown keys (such as the documented label:) with their line', () => {
    const e = refusal(model('"x\' = -x"', '{x: output(0.0)}', '  label: my circuit'));
    expect(e.message).toMatch(/unknown key 'label' in circuit template 'c' \(accepted: base, description, nodes, circuits, edges\); remove it/);
    expect(e.line).toBe(11);
  });

  it('refuses a template without base, naming it', () => {
    const e = refusal('op:\n  base: OperatorTemplate\n  equations: "x\' = -x"\n  variables: {x: output(0.0)}\nn:\n  operators: [op]\n', 'n');
    expect(e.message).toMatch(/'n' is not a template/);
    const e2 = refusal('n:\n  base:\n  operators: [op]\n', 'n');
    expect(e2.message).toMatch(/template 'n' needs 'base:'/);
    expect(e2.line).toBe(2);
  });

  it('refuses an unknown base naming it and its line', () => {
    const e = refusal(
      'op:\n  base: OperatorTemplate\n  equations: "x\' = -x"\n  variables: {x: output(0.0)}\nop2:\n  base: no_such_op\nn: {base: NodeTemplate, operators: [op2]}\n',
      'n',
    );
    expect(e.message).toMatch(/base 'no_such_op' is not a template of m\.yaml \(templates there: op, op2, n\)/);
    expect(e.line).toBe(6);
  });

  it('refuses inheritance cycles naming the chain', () => {
    const e = refusal('a:\n  base: b\nb:\n  base: c\nc:\n  base: a\nn: {base: NodeTemplate, operators: [a]}\n', 'n');
    expect(e.message).toMatch(/inheritance cycle: a -> b -> c -> a/);
    expect(e.line).toBe(1);
    expect(refusal('a:\n  base: a\n', 'a').message).toMatch(/inheritance cycle: a -> a/);
  });

  it('refuses a node whose operator is not an operator, and a circuit node that is not a node', () => {
    expect(refusal(model('"x\' = -x"', '{x: output(0.0)}') + 'm: {base: NodeTemplate, operators: [n]}\n', 'm').message).toMatch(
      /'n' is a node template, not an operator/,
    );
    expect(refusal(model('"x\' = -x"', '{x: output(0.0)}') + 'd: {base: CircuitTemplate, nodes: {p: op}}\n', 'd').message).toMatch(
      /node 'p': 'op' is a operator template, not a node/,
    );
  });
});
