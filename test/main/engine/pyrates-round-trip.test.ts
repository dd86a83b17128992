/**
 * Export to PyRates, then import: the model that comes back has the same states, parameters,
 * inputs and definitions (names, order, values bit for bit) and equations that compute exactly the
 * same values, so simulations and branches are bit-identical. What a PyRates file cannot hold is
 * pinned down: parameter domains and the spelling of the equations (printed from their trees);
 * from the first round trip on, the identity (modelHash) no longer changes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION, type ContinuationRequest } from '@shared/continuation/types';
import { parseExpression } from '@shared/expr/parse';
import { toText } from '@shared/expr/print';
import { pyratesContent, toPyratesYaml } from '@shared/models/export/pyrates';
import { modelHash } from '@shared/models/identity';
import { importPyratesModel, listPyratesTemplates, PyratesError } from '@shared/models/pyrates';
import { TEMPLATES } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { DEFAULT_SOLVER, type Method, type SimulationRequest } from '@shared/simulation/types';
import { runContinuationRequest } from '../../../src-main/engine/run-continuation-request';
import { runSimulationRequest } from '../../../src-main/engine/run-request';

const hooks = { onProgress: () => {}, isCancelled: () => false };

/** import(export(def)) through a source holding only the exported file. */
function roundTrip(def: ModelDef): ModelDef {
  const text = toPyratesYaml(def);
  return importPyratesModel({ read: (p) => (p === 'exported.yaml' ? text : undefined) }, 'exported.yaml', def.name);
}

const pyratesView = pyratesContent;

const values = (xs: readonly { name: string }[], key: string) => xs.map((x) => [x.name, (x as unknown as Record<string, number>)[key]]);

function simulation(def: ModelDef, name: string, method: Method): SimulationRequest {
  return {
    model: name,
    ...(name === def.name && !TEMPLATES.includes(def) ? { def } : {}),
    params: {},
    initial: {},
    inputs: Object.fromEntries(def.inputs.map((i) => [i.name, { kind: 'schedule', baseline: 0.15, windows: [{ start: 3, stop: 7.5, value: -0.05 }] }])),
    solver: { ...DEFAULT_SOLVER, method, tEnd: 20, dt: 1e-3, sample: 0.01, rtol: 1e-8, atol: 1e-10 },
  };
}

describe('export to PyRates, then import', () => {
  for (const t of TEMPLATES) {
    it(`${t.name}: the same model, bit-identical simulations and branches`, () => {
      const back = roundTrip(t);
      expect(back.name).toBe(t.name);
      for (const key of ['states', 'params', 'inputs', 'definitions'] as const) expect(back[key].map((s) => s.name)).toEqual(t[key].map((s) => s.name));
      expect(values(back.states, 'initial')).toEqual(values(t.states, 'initial'));
      expect(values(back.params, 'default')).toEqual(values(t.params, 'default'));
      expect(values(back.inputs, 'default')).toEqual(values(t.inputs, 'default'));
      // Exactly what a PyRates file holds of the model: the identity of that view is kept.
      expect(modelHash(back)).toBe(modelHash(pyratesView(t)));
      // ... and from then on the identity does not change.
      const again = roundTrip(back);
      expect(modelHash(again)).toBe(modelHash(back));
      const body = (d: ModelDef) =>
        toPyratesYaml(d)
          .split('\n')
          .slice(4)
          .map((l) => l.replace(/ {2}# .*$/, ''))
          .filter((l) => !l.startsWith('  description: '));
      expect(body(again)).toEqual(body(back));
      expect(body(back)).toEqual(body(t));

      const copy = { ...back, name: `rt_${t.name}` };
      for (const method of ['rk4', 'dopri5', 'rodas4'] as const) {
        const a = runSimulationRequest(simulation(t, t.name, method), hooks);
        const b = runSimulationRequest(simulation(copy, copy.name, method), hooks);
        expect(a.ok && b.ok).toBe(true);
        if (!a.ok || !b.ok) return;
        expect({ ...b.result.stats, wallMs: 0 }).toEqual({ ...a.result.stats, wallMs: 0 });
        expect(b.result.columns.map((c) => Array.from(c))).toEqual(a.result.columns.map((c) => Array.from(c)));
      }
      const branch = (model: string, def?: ModelDef): ContinuationRequest => ({
        model,
        ...(def ? { def } : {}),
        params: {},
        initial: {},
        inputs: Object.fromEntries(t.inputs.map((i) => [i.name, 0.15])),
        param: 'g',
        bounds: [0, 3],
        settings: DEFAULT_CONTINUATION,
      });
      const a = runContinuationRequest(branch(t.name), hooks);
      const b = runContinuationRequest(branch(copy.name, copy), hooks);
      expect(a.ok && b.ok).toBe(true);
      if (a.ok && b.ok) expect(b.result.branch).toEqual(a.result.branch);
    });
  }

  it('a model using every function, chained definitions and awkward numbers comes back computing the same values', () => {
    const sym = (name: string) => ({ name, latex: name, description: '', unit: '' });
    const def: ModelDef = {
      name: 'awkward',
      version: 3,
      title: 'Awkward',
      description: '',
      states: [
        { ...sym('x'), initial: 0.1 + 0.2 },
        { ...sym('z'), initial: -0 },
      ],
      params: [
        { ...sym('k'), default: 1e-300 },
        { ...sym('w'), default: -123456.789e10 },
      ],
      inputs: [{ ...sym('drive'), default: 5e-324 }],
      definitions: [
        { ...sym('c'), expr: 'b^2 - a' },
        { ...sym('a'), expr: 'sigmoid(x) + sign(z) + absv(x - z) + abs(z) + exp(-x^2) + log(1 + x^2) + sqrt(1 + z^2)' },
        { ...sym('b'), expr: 'min(x, z) + max(x, z) + mini(a, 1) + maxi(a, -1) + atan(x) + arctan(z) + arcsin(x/(1 + x^2)) + arccos(z/(2 + z^2))' },
      ],
      equations: [
        { state: 'x', rhs: '-x + tanh(c) + sinh(z)/cosh(z) + sin(x)*cos(z) - tan(x/10) + k*drive + pi - exp(1)', latex: '' },
        { state: 'z', rhs: '-z^3 + 2^-x - (-x)^2 + w*1e-16 + 0.30000000000000004', latex: '' },
      ],
    };
    const back = roundTrip(def);
    expect(modelHash(back)).toBe(modelHash(pyratesView(def)));
    expect(back.definitions.map((d) => d.name)).toEqual(['a', 'b', 'c']);
    expect(values(back.params, 'default')).toEqual(values(def.params, 'default'));
    expect(Object.is(back.states[1].initial, -0)).toBe(true);
    const req = (d: ModelDef): SimulationRequest => ({
      model: d.name,
      def: d,
      params: {},
      initial: {},
      inputs: { drive: { kind: 'schedule', baseline: 1e-3, windows: [] } },
      solver: { ...DEFAULT_SOLVER, method: 'rk4', tEnd: 5, dt: 1e-3, sample: 0.05 },
    });
    const a = runSimulationRequest(req(def), hooks);
    const b = runSimulationRequest(req({ ...back, name: 'awkward_back' }), hooks);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(a.result.status).toBe('ok');
      expect(b.result.columns.map((c) => Array.from(c))).toEqual(a.result.columns.map((c) => Array.from(c)));
    }
    // The printed equations parse back to the trees of the originals.
    const symbols = new Set(['x', 'z', 'k', 'w', 'drive', 'a', 'b', 'c']);
    def.equations.forEach((e, i) => expect(toText(parseExpression(back.equations[i].rhs, symbols))).toBe(toText(parseExpression(e.rhs, symbols))));
  });
});

/** The importer's fixture tree (PyRates' model_templates, in PyRates syntax). */
const FIXTURES = join(__dirname, '../../fixtures/pyrates');
const fixtureSource = { read: (p: string) => (p.split('/').includes('..') ? undefined : readFileOrUndefined(join(FIXTURES, p))) };
function readFileOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? yamlFiles(join(dir, f)) : /\.ya?ml$/.test(f) ? [join(dir, f)] : []));
}

describe("export to PyRates, then import, of every circuit of the importer's fixtures", () => {
  // Every circuit of the fixtures the importer takes (it refuses delays, edge templates and sub-circuits).
  const cases: [string, string, ModelDef][] = [];
  const refused: string[] = [];
  for (const abs of yamlFiles(FIXTURES)) {
    const file = relative(FIXTURES, abs).split('\\').join('/');
    for (const c of listPyratesTemplates(fixtureSource, file).circuits) {
      try {
        cases.push([file, c, importPyratesModel(fixtureSource, file, c)]);
      } catch (e) {
        if (!(e instanceof PyratesError)) throw e;
        refused.push(c);
      }
    }
  }

  it('covers the single-node and the multi-node instantaneous circuits (ik, qif, Jansen-Rit, Wilson-Cowan, oscillators)', () => {
    expect(cases.map((c) => c[1])).toEqual(
      expect.arrayContaining(['ik_nodim', 'ik_eta', 'ik_theta', 'JRC', 'JRC2', 'qif', 'qif_sfa', 'qif_conduct', 'WC', 'sl', 'vdp']),
    );
    expect(refused.length).toBeLessThan(cases.length);
  });

  for (const [file, circuit, def] of cases) {
    it(`${file} ${circuit}: same model (up to the printing of expressions), bit-identical run`, () => {
      const back = roundTrip(def);
      expect(modelHash(back)).toBe(modelHash(pyratesView(def)));
      expect(modelHash(roundTrip(back))).toBe(modelHash(back));
      const req = (d: ModelDef, name: string): SimulationRequest => ({
        model: name,
        def: { ...d, name },
        params: {},
        initial: {},
        inputs: Object.fromEntries(
          d.inputs.map((i) => [i.name, { kind: 'schedule', baseline: i.default, windows: [{ start: 0.1, stop: 0.2, value: i.default + 0.5 }] }]),
        ),
        solver: { ...DEFAULT_SOLVER, method: 'rk4', tEnd: 1, dt: 1e-4, sample: 0.01 },
      });
      const a = runSimulationRequest(req(def, 'fixture_model'), hooks);
      const b = runSimulationRequest(req(back, 'fixture_back'), hooks);
      expect(a.ok && b.ok).toBe(true);
      if (a.ok && b.ok) {
        expect(b.result.status).toBe(a.result.status);
        expect(b.result.columns.map((c) => Array.from(c))).toEqual(a.result.columns.map((c) => Array.from(c)));
      }
    });
  }
});
