import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { parseExpression } from '@shared/expr/parse';
import { toLatex } from '@shared/expr/print';
import { buildModel } from '@shared/models/build';
import { TEMPLATES, getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';

/** The seed document with the templates' equations and defaults (PyRates' ik.yaml, written out). */
const seedText = readFileSync(resolve(__dirname, 'ik-templates.seed.md'), 'utf8');

interface SeedModel {
  equations: Map<string, string>;
  states: Map<string, number>;
  params: Map<string, number>;
  inputs: string[];
}

/** `name value, name value, ...` -> Map. */
function pairs(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of text.split(',')) {
    const m = /^\s*([A-Za-z_]\w*)\s+(-?[\d.]+(?:e[+-]?\d+)?)\s*$/.exec(item);
    if (!m) throw new Error(`cannot read '${item}' in the seed document`);
    out.set(m[1], Number(m[2]));
  }
  return out;
}

/** Reads the seed document's sections (## name) into equations, states, parameters and inputs. */
function readSeed(md: string): Map<string, SeedModel> {
  const models = new Map<string, SeedModel>();
  const sections = md.split(/^## /m).slice(1);
  for (const sec of sections) {
    const name = /^(\w+)/.exec(sec)?.[1] as string;
    const lines = sec.split('\n');
    const equations = new Map<string, string>();
    for (const line of lines) {
      const m = /^ {4}(\w+)' = (.*)$/.exec(line);
      // A trailing remark in parentheses after two or more spaces is not part of the equation.
      if (m) equations.set(m[1], m[2].replace(/\s{2,}\(.*\)\s*$/, '').trim());
    }
    const body = lines.join('\n');
    const same = /state and parameters as (\w+)/.exec(body);
    if (same) {
      const base = models.get(same[1]) as SeedModel;
      models.set(name, { ...base, equations });
      continue;
    }
    const states = pairs(/state \(initial\):(.*)/.exec(body)?.[1] ?? '');
    const paramsText = /parameters:([\s\S]*?)\n\s*inputs:/.exec(body)?.[1] ?? '';
    const params = pairs(paramsText.replace(/\n/g, ' '));
    const inputs = (/inputs:(.*)/.exec(body)?.[1] ?? '')
      .replace(/\(.*\)/, '')
      .split(',')
      .map((s) => s.trim());
    models.set(name, { equations, states, params, inputs });
  }
  return models;
}

const seed = readSeed(seedText);

describe('seed document', () => {
  it('describes the three templates', () => {
    expect([...seed.keys()]).toEqual(['ik_nodim', 'ik_eta', 'ik_theta']);
  });
});

describe('templates carry exactly the seed equations and defaults', () => {
  it('lists the three templates, found by name', () => {
    expect(TEMPLATES.map((t) => t.name)).toEqual(['ik_nodim', 'ik_eta', 'ik_theta']);
    for (const t of TEMPLATES) expect(getTemplate(t.name)).toBe(t);
    expect(getTemplate('nope')).toBeUndefined();
    expect(getTemplate('constructor')).toBeUndefined();
  });

  for (const [name, s] of seed) {
    describe(name, () => {
      const def = getTemplate(name) as ModelDef;

      it('equations', () => {
        expect(def.equations.map((e) => e.state)).toEqual([...s.equations.keys()]);
        for (const eq of def.equations) expect(eq.rhs).toBe(s.equations.get(eq.state));
      });

      it('states and initial values', () => {
        expect(def.states.map((x) => [x.name, x.initial])).toEqual([...s.states]);
      });

      it('parameters and defaults, plus J = 1 for r_in = J*r', () => {
        const params = new Map(def.params.map((p) => [p.name, p.default]));
        expect(params.get('J')).toBe(1);
        params.delete('J');
        expect([...params]).toEqual([...s.params]);
        expect(def.definitions.map((d) => [d.name, d.expr])).toEqual([['r_in', 'J*r']]);
      });

      it('inputs default to 0', () => {
        expect(def.inputs.map((i) => i.name)).toEqual(s.inputs);
        for (const i of def.inputs) expect(i.default).toBe(0);
      });
    });
  }
});

/** True when every { has its } (ignoring escaped braces). */
function balanced(tex: string): boolean {
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    if (tex[i] === '\\') {
      i++;
      continue;
    }
    if (tex[i] === '{') depth++;
    if (tex[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

describe('template metadata', () => {
  for (const def of TEMPLATES) {
    it(`${def.name}: every symbol documented, units as declared, domains where the model needs them`, () => {
      expect(def.version).toBe(1);
      expect(def.title.length).toBeGreaterThan(10);
      expect(def.description.length).toBeGreaterThan(50);
      const symbols = [...def.states, ...def.params, ...def.inputs, ...def.definitions];
      for (const s of symbols) {
        expect(s.latex.length, s.name).toBeGreaterThan(0);
        expect(s.description.length, s.name).toBeGreaterThan(5);
        expect(typeof s.unit).toBe('string');
      }
      const unit = new Map(symbols.map((s) => [s.name, s.unit]));
      const domain = new Map(def.params.map((p) => [p.name, p.domain]));
      if (def.name === 'ik_nodim') {
        for (const s of symbols) expect(s.unit, s.name).toBe('');
        expect(domain.get('tau')).toBe('positive');
      } else {
        expect([unit.get('v'), unit.get('r'), unit.get('C'), unit.get('k'), unit.get('u')]).toEqual(['mV', '1/ms', 'pF', 'nS/mV', 'pA']);
        expect([unit.get('eta'), unit.get('I_ext'), unit.get('tau_s'), unit.get('g')]).toEqual(['pA', 'pA', 'ms', 'nS']);
        expect(domain.get('C')).toBe('positive');
        expect(domain.get('k')).toBe('positive');
      }
      expect(domain.get('tau_s')).toBe('positive');
      expect(['positive', 'nonnegative']).toContain(domain.get('Delta'));
    });

    it(`${def.name}: the model builds and all LaTeX is balanced and renders`, () => {
      const m = buildModel(def);
      expect(m.rhs).toHaveLength(def.states.length);
      const syms = [...def.states, ...def.params, ...def.inputs, ...def.definitions].map((s) => s.name);
      const texts = [
        ...def.equations.map((e) => e.latex),
        ...[...def.states, ...def.params, ...def.inputs, ...def.definitions].map((s) => s.latex),
        ...def.equations.map((e) => toLatex(parseExpression(e.rhs, syms))),
        ...m.rhs.map((f) => toLatex(f)),
      ];
      for (const tex of texts) {
        expect(balanced(tex), tex).toBe(true);
        expect(() => katex.renderToString(tex, { throwOnError: true }), tex).not.toThrow();
      }
    });
  }
});
