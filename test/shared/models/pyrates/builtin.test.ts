/**
 * The built-in templates are the circuits of a PyRates model file read by the importer, and every
 * circuit and node of the fixture tree imports into a model the builder accepts.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '@shared/models/build';
import { importPyratesModel, listPyratesTemplates } from '@shared/models/pyrates';
import { TEMPLATES } from '@shared/models/templates';
import { IK_YAML } from '@shared/models/templates/ik-yaml';
import { fixtureSource, memorySource } from './sources';

describe('the built-in model file', () => {
  const source = memorySource({ 'ik.yaml': IK_YAML });

  it('holds the three templates, in display order', () => {
    expect(listPyratesTemplates(source, 'ik.yaml')).toEqual({
      circuits: ['ik_nodim', 'ik_eta', 'ik_theta'],
      nodes: ['ik_nodim_pop', 'ik_eta_pop', 'ik_theta_pop'],
      operators: ['ik_nodim_op', 'ik_eta_op', 'ik_theta_op'],
    });
    expect(TEMPLATES.map((t) => t.name)).toEqual(['ik_nodim', 'ik_eta', 'ik_theta']);
  });

  it.each(TEMPLATES.map((t) => [t.name, t] as const))('%s: names, order, defaults and equations are those of the file', (name, template) => {
    const def = importPyratesModel(source, 'ik.yaml', name);
    const numbers = (d: typeof def) => ({
      states: d.states.map((s) => [s.name, s.initial]),
      params: d.params.map((s) => [s.name, s.default]),
      inputs: d.inputs.map((s) => [s.name, s.default]),
      definitions: d.definitions.map((s) => [s.name, s.expr]),
      equations: d.equations.map((s) => [s.state, s.rhs]),
    });
    expect(numbers(template)).toEqual(numbers(def));
    // The overlay adds what a model file does not hold.
    expect(template.states.every((s) => s.latex !== '' && !s.description.startsWith('PyRates'))).toBe(true);
    expect(template.equations.every((e) => e.latex !== '')).toBe(true);
  });
});

describe('the fixture tree', () => {
  const files = [
    'model_templates/base_templates.yaml',
    'model_templates/neural_mass_models/ik.yaml',
    'model_templates/neural_mass_models/qif.yaml',
    'model_templates/neural_mass_models/jansenrit.yaml',
    'model_templates/neural_mass_models/wilsoncowan.yaml',
    'model_templates/oscillators/vanderpol.yaml',
    'model_templates/oscillators/stuartlandau.yaml',
  ];
  it.each(files)('%s: every circuit and every node with a state imports and builds', (file) => {
    const { circuits, nodes } = listPyratesTemplates(fixtureSource(), file);
    const stateless = new Set(['sigmoid_node']);
    for (const name of [...circuits, ...nodes].filter((n) => !stateless.has(n))) {
      const def = importPyratesModel(fixtureSource(), file, name);
      expect(def.states.length, name).toBeGreaterThan(0);
      expect(() => buildModel(def), name).not.toThrow();
      for (const s of [...def.states, ...def.params, ...def.inputs, ...def.definitions])
        expect(s.description, `${name} ${s.name}`).toMatch(/PyRates \S+\/\S+\/\S+|^Weight of the edge/);
    }
  });
});
