import { describe, expect, it } from 'vitest';
import { SCENARIOS, scenarioRequest } from '@shared/models/scenarios';
import { getTemplate } from '@shared/models/templates';
import { validateSimulation } from '@shared/simulation/validate';
import { defaultDrafts, readDrafts } from '../../src-renderer/src/lib/form';
import { scenarioDrafts } from '../../src-renderer/src/lib/scenario-form';

describe('scenarioDrafts', () => {
  it('puts each scenario into the form: the request read back is the scenario request, and valid', () => {
    for (const s of SCENARIOS) {
      const def = getTemplate(s.model)!;
      const current = defaultDrafts(def);
      current.params.g = '99'; // an edit the scenario replaces
      current.initial[def.states[0].name] = '0.5';
      const { request, parseIssues } = readDrafts(def, scenarioDrafts(def, current, s));
      expect(parseIssues).toEqual([]);
      const expected = scenarioRequest(s, { method: request.solver.method, dt: request.solver.dt });
      for (const p of def.params) expect(request.params[p.name], `${s.name}: ${p.name}`).toBe(s.params[p.name] ?? p.default);
      for (const st of def.states) expect(request.initial[st.name]).toBe(st.initial);
      for (const [name, inp] of Object.entries(expected.inputs)) expect(request.inputs[name]).toEqual(inp);
      expect(request.solver.tEnd).toBe(s.tEnd);
      expect(request.solver.sample).toBe(expected.solver.sample);
      expect(validateSimulation(request, def)).toEqual([]);
    }
  });

  it('keeps the method and step the user chose', () => {
    const s = SCENARIOS[0];
    const def = getTemplate(s.model)!;
    const current = defaultDrafts(def);
    current.method = 'dopri5';
    current.solver.dt = '1e-3';
    const d = scenarioDrafts(def, current, s);
    expect(d.method).toBe('dopri5');
    expect(d.solver.dt).toBe('1e-3');
  });
});
