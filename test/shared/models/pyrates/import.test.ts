/**
 * Importing PyRates model files: template lookup, the equation forms, flattening (wiring by name,
 * edges, inputs) and naming, on the fixture tree (test/fixtures/pyrates, written in PyRates'
 * syntax) and on small files held in memory.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '@shared/models/build';
import { importPyratesModel, listPyratesTemplates } from '@shared/models/pyrates';
import type { ModelDef } from '@shared/models/types';
import { errorOf } from './catch';
import { fixtureSource, memorySource, NMM, oneFile } from './sources';

const names = (xs: { name: string }[]) => xs.map((x) => x.name);
const defOf = (def: ModelDef, name: string) => def.definitions.find((d) => d.name === name);
const paramOf = (def: ModelDef, name: string) => def.params.find((d) => d.name === name);

describe('listing and choosing templates', () => {
  it('lists circuits, nodes and operators of a file in file order (inherited kinds included)', () => {
    expect(listPyratesTemplates(fixtureSource(), `${NMM}/jansenrit.yaml`)).toEqual({
      circuits: ['JRC', 'JRC2'],
      nodes: ['PC', 'IN', 'jrc_pop'],
      operators: ['rpo_e', 'rpo_i', 'rpo_e_in', 'pro', 'jrc_op'],
    });
  });

  it('imports the only circuit when no name is given, and lists the circuits when there are several', () => {
    expect(importPyratesModel(fixtureSource(), 'model_templates/oscillators/vanderpol.yaml').name).toBe('vdp');
    const e = errorOf(() => importPyratesModel(fixtureSource(), `${NMM}/qif.yaml`));
    expect(e.message).toContain('qif, qif_sfa, qif_conduct');
    expect(e.file).toBe(`${NMM}/qif.yaml`);
  });

  it('wraps a node template as a one-node circuit and refuses an operator', () => {
    const def = importPyratesModel(fixtureSource(), 'model_templates/base_templates.yaml', 'li_node');
    expect(names(def.states)).toEqual(['x']);
    expect(names(def.inputs)).toEqual(['inp']);
    expect(errorOf(() => importPyratesModel(fixtureSource(), 'model_templates/base_templates.yaml', 'li_op')).message).toMatch(
      /operator template; name a circuit or a node/,
    );
    expect(errorOf(() => importPyratesModel(fixtureSource(), 'model_templates/base_templates.yaml', 'nothing')).message).toMatch(
      /'nothing' is not a template.*alpha_op/,
    );
  });

  it('finds dotted references through the ancestors of the importing file, reading each file once', () => {
    const src = fixtureSource();
    importPyratesModel(src, `${NMM}/jansenrit.yaml`, 'JRC');
    expect(src.asked).toContain('model_templates/base_templates.yaml');
    expect(src.asked.filter((p) => p === 'model_templates/base_templates.yaml')).toHaveLength(1);
    expect(src.asked).toContain(`${NMM}/model_templates/base_templates.yaml`);
  });

  it('follows slash paths and .yml files', () => {
    const src = memorySource({
      'lib/ops.yml': 'decay:\n  base: OperatorTemplate\n  equations: "x\' = -k*x"\n  variables: {x: output(1.0), k: 2.0}\n',
      'models/m.yaml': 'n:\n  base: NodeTemplate\n  operators: [lib/ops/decay]\n',
    });
    const def = importPyratesModel(src, 'models/m.yaml', 'n');
    expect(def.equations).toEqual([{ state: 'x', rhs: '-k*x', latex: expect.any(String) as string }]);
    const missing = memorySource({ 'm.yaml': 'n:\n  base: NodeTemplate\n  operators: [a.b.op]\n' });
    const e = errorOf(() => importPyratesModel(missing, 'm.yaml', 'n'));
    expect(e.message).toMatch(/cannot find the file of operator 'a\.b\.op' \(looked for a\/b\.yaml, a\/b\.yml\)/);
    expect(e.line).toBe(3);
  });
});

describe('equations and variables', () => {
  it("reads x' =, d/dt * x =, dx/dt =, ** and ^, pi and E (as exp(1)), and PyRates' functions", () => {
    const def = importPyratesModel(
      oneFile(`
op:
  base: OperatorTemplate
  equations:
    - "x' = -x + absv(q)**2 + sign(q) + maxi(q, 0.0) - mini(q, 1.0)"
    - "d/dt * q = -q + arctan(x) + arcsin(0.5) + arccos(0.5) + sigmoid(x)"
    - "dw/dt = E^(-w) - pi*w"
  variables: {x: output(0.5), q: variable(-1), w: variable(float)}
node: {base: NodeTemplate, operators: [op]}
`),
      'm.yaml',
      'node',
    );
    expect(def.states.map((s) => [s.name, s.initial])).toEqual([
      ['x', 0.5],
      ['q', -1],
      ['w', 0],
    ]);
    expect(def.equations.map((e) => e.rhs)).toEqual([
      '-x + absv(q)**2 + sign(q) + maxi(q, 0.0) - mini(q, 1.0)',
      '-q + arctan(x) + arcsin(0.5) + arccos(0.5) + sigmoid(x)',
      'exp(1)^(-w) - pi*w',
    ]);
    expect(() => buildModel(def)).not.toThrow();
  });

  it('turns algebraic equations into definitions in dependency order', () => {
    const def = importPyratesModel(
      oneFile(`
op:
  base: OperatorTemplate
  equations: ["c = b + 1.0", "b = 2.0*a", "a' = -a + c*0.0"]
  variables: {a: output(1.0), b: variable, c: variable}
n: {base: NodeTemplate, operators: [op]}
`),
      'm.yaml',
      'n',
    );
    expect(def.definitions.map((d) => [d.name, d.expr])).toEqual([
      ['b', '2.0*a'],
      ['c', 'b + 1.0'],
    ]);
    const e = errorOf(() =>
      importPyratesModel(
        oneFile(`
op:
  base: OperatorTemplate
  equations: ["a' = -a + b", "b = c + 1.0", "c = 2.0*b"]
  variables: {a: output(1.0), b: variable, c: variable}
n: {base: NodeTemplate, operators: [op]}
`),
        'm.yaml',
        'n',
      ),
    );
    expect(e.message).toMatch(/in a circle \((b -> c -> b|c -> b -> c)\)/);
    expect(e.line).toBe(4);
  });

  it('records integer constants as such and keeps the PyRates path of every symbol', () => {
    const def = importPyratesModel(
      oneFile(`op:\n  base: OperatorTemplate\n  equations: "x' = -n*x"\n  variables: {x: output(1.0), n: 2}\nn: {base: NodeTemplate, operators: [op]}\n`),
      'm.yaml',
      'n',
    );
    expect(def.params[0]).toMatchObject({ name: 'n', default: 2 });
    expect(def.params[0].description).toBe('PyRates n/op/n: constant, written as an integer');
    expect(def.states[0].description).toBe('PyRates n/op/x: state variable');
  });
});

describe('flattening', () => {
  it('gives an ik circuit its self-connection as r_in = J*r with J the edge weight', () => {
    const def = importPyratesModel(fixtureSource(), `${NMM}/qif.yaml`, 'qif');
    expect(names(def.states)).toEqual(['r', 'v']);
    expect(def.definitions).toMatchObject([{ name: 'r_in', expr: 'J*r' }]);
    expect(paramOf(def, 'J')?.default).toBe(15);
    expect(def.inputs).toMatchObject([{ name: 'I_ext', default: 0 }]);
  });

  it('applies inheritance with replace and add (qif_sfa)', () => {
    const def = importPyratesModel(fixtureSource(), `${NMM}/qif.yaml`, 'qif_sfa');
    expect(names(def.states)).toEqual(['r', 'v', 'a', 'x']);
    expect(def.equations[1].rhs).toBe('(v^2 + (eta - a) + I_ext + tau*r_in - (pi*tau*r)^2) / tau');
    expect(def.equations[3].rhs).toBe('alpha*r - 2.0*x/tau_a - a/tau_a');
  });

  it('wires inputs by name inside a node (summed), edges between nodes, and qualifies names (Jansen-Rit)', () => {
    const def = importPyratesModel(fixtureSource(), `${NMM}/jansenrit.yaml`, 'JRC');
    expect(names(def.states)).toEqual(['pc_rpo_e_in_v', 'pc_rpo_e_in_z', 'pc_rpo_i_v', 'pc_rpo_i_z', 'ein_rpo_e_v', 'ein_z', 'iin_rpo_e_v', 'iin_z']);
    // ein/pro/v (an input) shares its name with ein/rpo_e/v: both are qualified by operator.
    expect(defOf(def, 'ein_pro_v')?.expr).toBe('ein_rpo_e_v');
    // pc/pro/v is the sum of the two same-named outputs of the node.
    expect(defOf(def, 'pc_pro_v')?.expr).toBe('pc_rpo_e_in_v + pc_rpo_i_v');
    expect(defOf(def, 'ein_m_in')?.expr).toBe('J_pc_ein*pc_m');
    expect(defOf(def, 'pc_rpo_e_in_m_in')?.expr).toBe('J_ein_pc*ein_m');
    expect(defOf(def, 'pc_rpo_i_m_in')?.expr).toBe('J_iin_pc*iin_m');
    expect(def.params.filter((p) => p.name.startsWith('J_')).map((p) => [p.name, p.default])).toEqual([
      ['J_pc_ein', 135],
      ['J_ein_pc', 108],
      ['J_pc_iin', 33.75],
      ['J_iin_pc', 33.75],
    ]);
    // The input u of rpo_e_in is connected to nothing: a model input with its default.
    expect(def.inputs).toMatchObject([{ name: 'pc_u', default: 220 }]);
    // pro's leftover input r (its equation now reads v) is used by nothing and left out.
    expect(names(def.inputs).concat(names(def.params))).not.toContain('pc_r');
    expect(def.equations.find((e) => e.state === 'pc_rpo_e_in_z')?.rhs).toBe(
      'pc_rpo_e_in_h*(pc_rpo_e_in_m_in + pc_u)/pc_rpo_e_in_tau - 2.0*pc_rpo_e_in_z/pc_rpo_e_in_tau - pc_rpo_e_in_v/pc_rpo_e_in_tau^2',
    );
  });

  it('wires a multi-operator node by name and keeps algebraic outputs as definitions (Wilson-Cowan)', () => {
    const def = importPyratesModel(fixtureSource(), `${NMM}/wilsoncowan.yaml`, 'WC');
    expect(names(def.states)).toEqual(['e_r', 'i_r']);
    expect(defOf(def, 'e_rate_op_m')?.expr).toBe('e_se_op_m');
    expect(defOf(def, 'e_r_in')?.expr).toBe('J_e_e*e_r + J_i_e*i_r');
    expect(defOf(def, 'i_r_in')?.expr).toBe('J_e_i*e_r + J_i_i*i_r');
    expect(def.inputs.map((i) => i.name)).toEqual(['e_r_ext', 'i_r_ext']);
    const order = names(def.definitions);
    expect(order.indexOf('e_r_in')).toBeLessThan(order.indexOf('e_se_op_m'));
    expect(order.indexOf('e_se_op_m')).toBeLessThan(order.indexOf('e_rate_op_m'));
  });

  it('qualifies colliding names within one node by operator and keeps unique names bare', () => {
    const def = importPyratesModel(fixtureSource(), 'model_templates/oscillators/stuartlandau.yaml', 'sl_burst_pop');
    expect(names(def.states)).toEqual(['sl_op_x', 'z']);
    expect(defOf(def, 'gain_op_x')?.expr).toBe('sl_op_x');
    expect(defOf(def, 'y_out')?.expr).toBe('alpha*sigmoid(beta*(gain_op_x - theta))');
  });

  it('names weights J_<src>_<tgt>, qualified when two edges join the same nodes, and avoids taken names', () => {
    const file = `
op:
  base: OperatorTemplate
  equations: "x' = -J*x + a + b"
  variables: {x: output(0.0), a: input(0.0), b: input(0.0), J: 3.0}
n: {base: NodeTemplate, operators: [op]}
c1:
  base: CircuitTemplate
  nodes: {p: n}
  edges: [[p/op/x, p/op/a, null, {weight: 2.0}]]
c2:
  base: CircuitTemplate
  nodes: {p: n, q: n}
  edges:
    - [p/op/x, q/op/a, null, {weight: 2.0}]
    - [p/op/x, q/op/b, null, {weight: 3.0}]
    - [q/op/x, p/op/a, null, {}]
`;
    const one = importPyratesModel(oneFile(file), 'm.yaml', 'c1');
    expect(defOf(one, 'a')?.expr).toBe('J_2*x');
    expect(one.inputs.map((i) => i.name)).toEqual(['b']);
    const two = importPyratesModel(oneFile(file), 'm.yaml', 'c2');
    expect(two.definitions.map((d) => [d.name, d.expr])).toEqual([
      ['p_a', 'J_q_p*q_x'],
      ['q_a', 'J_p_x_q_a*p_x'],
      ['q_b', 'J_p_x_q_b*p_x'],
    ]);
    expect(paramOf(two, 'J_q_p')?.default).toBe(1);
    expect(two.inputs.map((i) => i.name)).toEqual(['p_b']);
  });

  it('applies per-node changes of operator values (flat, or nested under variables)', () => {
    const file = `
op:
  base: OperatorTemplate
  equations: "x' = -x/tau"
  variables: {x: output(1.0), tau: 1.0}
a: {base: NodeTemplate, operators: {op: {tau: 2.5, x: 3.0}}}
b: {base: NodeTemplate, operators: {op: {variables: {tau: 4.0}}}}
`;
    const a = importPyratesModel(oneFile(file), 'm.yaml', 'a');
    expect([a.params[0].default, a.states[0].initial]).toEqual([2.5, 3]);
    expect(importPyratesModel(oneFile(file), 'm.yaml', 'b').params[0].default).toBe(4);
  });
});
