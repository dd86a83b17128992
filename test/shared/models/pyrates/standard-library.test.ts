import { describe, expect, it } from 'vitest';
import { importPyratesModel } from '@shared/models/pyrates';
import { fixtureSource, memorySource, NMM } from './sources';

/** A Jansen-Rit style population written against PyRates' installed building blocks only. */
const SINGLE_FILE = `
syn:
  base: model_templates.base_templates.alpha_op
  equations:
    replace:
      r_in: h*m_in/tau
  variables:
    h: 3.25e-3
    tau: 10e-3
    m_in: input(0.0)
rate:
  base: model_templates.base_templates.sigmoid_op
  equations:
    replace:
      r: V
      r_thr: V_thr
  variables:
    m_max: 5.0
    s: 560.0
    V_thr: 6e-3
    V: input(0.0)
pop:
  base: NodeTemplate
  operators: [syn, rate]
net:
  base: CircuitTemplate
  nodes: {p: pop}
  edges:
    - [p/rate/m, p/syn/m_in, null, {weight: 135.0}]
`;

describe("PyRates' standard building blocks", () => {
  it('resolve model_templates.base_templates.* for a file that comes alone, with PyRates names and equations', () => {
    const def = importPyratesModel(memorySource({ 'jr.yaml': SINGLE_FILE }), 'jr.yaml', 'net');
    // V is both alpha_op's output and the sigmoid's input, so the state is qualified by its operator.
    expect(def.states.map((s) => s.name)).toEqual(['syn_V', 'X']);
    const rhs = Object.fromEntries(def.equations.map((e) => [e.state, e.rhs.replace(/\s+/g, '')]));
    expect(rhs.syn_V).toBe('X');
    expect(rhs.X).toBe('h*m_in/tau-2*X/tau-syn_V/tau**2');
    const params = Object.fromEntries(def.params.map((p) => [p.name, p.default]));
    expect(params).toMatchObject({ h: 3.25e-3, tau: 10e-3, m_max: 5, s: 560, V_thr: 6e-3, J: 135 });
    const defs = Object.fromEntries(def.definitions.map((d) => [d.name, d.expr.replace(/\s+/g, '')]));
    expect(defs).toEqual({ rate_V: 'syn_V', m: 'm_max/(1+exp(s*(V_thr-rate_V)))', m_in: 'J*m' });
  });

  it("give way to the user's own model_templates folder when there is one", () => {
    // The fixture tree has its own base_templates.yaml (alpha_op with states v and z).
    const source = fixtureSource();
    const def = importPyratesModel(source, `${NMM}/jansenrit.yaml`, 'JRC');
    expect(source.asked).toContain('model_templates/base_templates.yaml');
    expect(def.states.some((s) => /(^|_)z$/.test(s.name))).toBe(true);
    expect(def.states.some((s) => /(^|_)X$/.test(s.name))).toBe(false);
  });

  it('are used only for the names PyRates ships: another missing file is still an error naming it', () => {
    const text = SINGLE_FILE.replace('model_templates.base_templates.alpha_op', 'model_templates.my_templates.alpha_op');
    expect(() => importPyratesModel(memorySource({ 'jr.yaml': text }), 'jr.yaml', 'net')).toThrow(/model_templates\/my_templates\.yaml/);
  });
});
