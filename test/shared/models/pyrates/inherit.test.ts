/**
 * Inheritance as PyRates applies it (token-aware replace, remove/add/append/prepend, merged
 * variables, replaced node operators, merged circuit nodes with appended edges) and the grammar
 * of variable values.
 */
import { describe, expect, it } from 'vitest';
import { importPyratesModel } from '@shared/models/pyrates';
import { replaceToken } from '@shared/models/pyrates/inherit';
import { parseVariable } from '@shared/models/pyrates/variables';
import type { YValue } from '@shared/models/pyrates/yaml-read';
import { errorOf } from './catch';
import { oneFile } from './sources';

describe('token-aware replace', () => {
  it('replaces only matches bounded by operators, brackets, commas, spaces or the ends', () => {
    expect(replaceToken('m = m_max / (1.0 + exp(s*(r_thr - r)))', 'r', 'v')).toBe('m = m_max / (1.0 + exp(s*(r_thr - v)))');
    expect(replaceToken('r_in + r_inner*r_in', 'r_in', 'x')).toBe('x + r_inner*x');
    expect(replaceToken('eta+eta2-beta', 'eta', '(eta - a)')).toBe('(eta - a)+eta2-beta');
    expect(replaceToken('a', 'a', 'b')).toBe('b');
    expect(replaceToken('aa', 'a', 'b')).toBe('aa');
    expect(replaceToken('x', '', 'y')).toBe('x');
  });
});

const parent = `
base_op:
  base: OperatorTemplate
  equations: ["x' = -x/tau + inp", "y_2' = x - y_2"]
  variables: {x: output(0.0), y_2: variable(0.0), tau: 1.0, inp: input(0.0)}
`;
const node = (op: string) => `n_${op}: {base: NodeTemplate, operators: [${op}]}\n`;
const eqs = (text: string, op: string) =>
  importPyratesModel(oneFile(parent + text + node(op)), 'm.yaml', `n_${op}`).equations.map((e) => `${e.state}' = ${e.rhs}`);

describe('operator inheritance', () => {
  it('replaces all equations when the child gives text or a list', () => {
    expect(eqs(`child:\n  base: base_op\n  equations: "x' = -2.0*x/tau"\n  variables: {x: output(1.0)}\n`, 'child')).toEqual(["x' = -2.0*x/tau"]);
  });

  it('edits every parent equation with replace, remove and append, and add appends', () => {
    const child = `
child:
  base: base_op
  equations:
    replace: {tau: tau_m}
    remove: ["+ inp"]
    append: " + 0.0"
    add: ["z' = -z"]
  variables: {tau_m: 2.0, z: variable(1.0)}
`;
    // Replace, then remove, then append on the parent's equations; add comes last, untouched.
    // The removed text must be bounded like a token: '+ inp' is (space before, end after).
    expect(eqs(child, 'child')).toEqual(["x' = -x/tau_m  + 0.0", "y_2' = x - y_2 + 0.0", "z' = -z"]);
  });

  it('merges variables (the child wins) and drops those no equation mentions any more', () => {
    const text = `
child:
  base: base_op
  equations:
    replace: {inp: "0.5"}
  variables: {tau: 3.0}
`;
    const def = importPyratesModel(oneFile(parent + text + node('child')), 'm.yaml', 'n_child');
    expect(def.params.map((p) => [p.name, p.default])).toEqual([['tau', 3]]);
    expect(def.inputs).toEqual([]);
  });

  it('chains: a grandchild sees the edits of its parent', () => {
    const text = `
child:
  base: base_op
  variables: {tau: 3.0}
grandchild:
  base: child
  equations:
    replace: {x - y_2: 2.0*x - y_2}
`;
    expect(eqs(text, 'grandchild')).toEqual(["x' = -x/tau + inp", "y_2' = 2.0*x - y_2"]);
  });
});

describe('node and circuit inheritance', () => {
  const file = `${parent}
other_op:
  base: OperatorTemplate
  equations: "w' = -w"
  variables: {w: output(2.0)}
n1: {base: NodeTemplate, operators: [base_op]}
n2: {base: n1, operators: [other_op]}
c1:
  base: CircuitTemplate
  nodes: {a: n1, b: n1}
  edges: [[a/base_op/x, b/base_op/inp, null, {weight: 2.0}]]
c2:
  base: c1
  nodes: {b: n2, d: n1}
  edges: [[a/base_op/x, d/base_op/inp, null, {weight: 3.0}]]
`;

  it("replaces a node's operators", () => {
    expect(importPyratesModel(oneFile(file), 'm.yaml', 'n2').states.map((s) => s.name)).toEqual(['w']);
  });

  it('merges circuit nodes by key and appends edges', () => {
    const e = errorOf(() => importPyratesModel(oneFile(file), 'm.yaml', 'c2'));
    // b is now n2 (other_op only), so the parent's edge into b/base_op/inp has no target.
    expect(e.message).toMatch(/target 'b\/base_op\/inp' does not exist: node 'b' has no operator 'base_op'/);
    const fixed = file.replace('nodes: {b: n2, d: n1}', 'nodes: {d: n2, e: n1}').replace('d/base_op/inp', 'e/base_op/inp');
    const def = importPyratesModel(oneFile(fixed), 'm.yaml', 'c2');
    expect(def.states.map((s) => s.name)).toEqual(['a_x', 'a_y_2', 'b_x', 'b_y_2', 'd_w', 'e_x', 'e_y_2']);
    expect(def.definitions.map((d) => [d.name, d.expr])).toEqual([
      ['b_inp', 'J_a_b*a_x'],
      ['e_inp', 'J_a_e*a_x'],
    ]);
  });
});

describe('variable grammar', () => {
  const v = (value: string | number | bigint) => parseVariable('m.yaml', 'variable', { kind: 'scalar', pos: { line: 1, column: 1 }, value } as YValue);
  it('reads constants, inputs, outputs and variables with defaults', () => {
    expect(v(0.5)).toEqual({ kind: 'constant', value: 0.5, integer: false });
    expect(v(3n)).toEqual({ kind: 'constant', value: 3, integer: true });
    expect(v('2.5')).toEqual({ kind: 'constant', value: 2.5, integer: false });
    expect(v('-4')).toEqual({ kind: 'constant', value: -4, integer: true });
    expect(v('input')).toEqual({ kind: 'input', value: 0, integer: false });
    expect(v('input(220.0)')).toEqual({ kind: 'input', value: 220, integer: false });
    expect(v('output( -1e-3 )')).toEqual({ kind: 'output', value: -0.001, integer: false });
    expect(v('variable(float)')).toEqual({ kind: 'variable', value: 0, integer: false });
    expect(v('variable(2)')).toEqual({ kind: 'variable', value: 2, integer: true });
  });

  it('reads the dictionary form of older PyRates files, keeping description and unit', () => {
    const map: YValue = {
      kind: 'map',
      pos: { line: 1, column: 1 },
      keyPos: new Map(),
      entries: new Map<string, YValue>([
        ['default', { kind: 'scalar', pos: { line: 1, column: 1 }, value: 'output(0.1)' }],
        ['description', { kind: 'scalar', pos: { line: 1, column: 1 }, value: 'firing rate' }],
        ['unit', { kind: 'scalar', pos: { line: 1, column: 1 }, value: '1/s' }],
      ]),
    };
    expect(parseVariable('m.yaml', 'variable', map)).toEqual({ kind: 'output', value: 0.1, integer: false, description: 'firing rate', unit: '1/s' });
  });

  it('refuses complex values, vectors, booleans and other text', () => {
    expect(() => v('variable(complex)')).toThrow(/complex/);
    expect(() => v('1.0+2.0j')).toThrow(/complex/);
    expect(() => v('input(0.0, 3)')).toThrow(/vector/);
    expect(() => v('-PI/2')).toThrow(/cannot read/);
    expect(() => v('state(1.0)')).toThrow(/cannot read/);
    expect(() => parseVariable('m.yaml', 'variable', { kind: 'scalar', pos: { line: 1, column: 1 }, value: true })).toThrow(/must be a number/);
  });
});
