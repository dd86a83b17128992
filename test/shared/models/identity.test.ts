import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { customRef, modelHash, refKey, sameModel } from '@shared/models/identity';
import { sha256Hex } from '@shared/models/sha256';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';

const clone = (d: ModelDef): ModelDef => JSON.parse(JSON.stringify(d)) as ModelDef;

describe('sha256Hex', () => {
  it('agrees with node:crypto on block-boundary lengths and multi-byte text', () => {
    for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(119), 'τ_s ü ∂'.repeat(97)]) {
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }
  });
});

describe('model identity', () => {
  const base = getTemplate('ik_nodim')!;
  it('ignores names, titles, descriptions, LaTeX, units, domains and the spelling of expressions', () => {
    const d = clone(base);
    d.name = 'renamed';
    d.title = 'x';
    d.description = 'y';
    d.params[0].latex = 'z';
    d.params[0].unit = 'ms';
    d.states[1].description = 'w';
    d.params[0].domain = 'positive';
    d.equations[0].rhs = d.equations[0].rhs.replace(/\s+/g, '').replace('2.0*v', '2*v');
    d.definitions[0].expr = '(J) * r';
    expect(modelHash(d)).toBe(modelHash(base));
  });
  it('changes with every field that changes results', () => {
    const edits: ((d: ModelDef) => void)[] = [
      (d) => (d.states[0].initial = 1e-300),
      (d) => (d.params[1].default = 1.0000000000000002),
      (d) => (d.inputs[0].default = -1),
      (d) => (d.definitions[0].expr = 'r*J'),
      (d) => (d.equations[3].rhs += '+0'),
      (d) => d.params.reverse(),
      (d) => (d.params[2].name = 'eta2'),
    ];
    const seen = new Set([modelHash(base)]);
    for (const edit of edits) {
      const d = clone(base);
      edit(d);
      const h = modelHash(d);
      expect(seen.has(h)).toBe(false);
      seen.add(h);
    }
  });
  it('compares custom references by hash and templates by name and version', () => {
    const a = customRef(base);
    const b = customRef({ ...clone(base), name: 'other' });
    expect(sameModel(a, b)).toBe(true);
    expect(sameModel({ kind: 'template', name: 'ik_nodim', version: 1 }, { kind: 'template', name: 'ik_nodim', version: 2 })).toBe(false);
    expect(refKey(a)).toMatch(/^custom:[0-9a-f]{64}$/);
  });
});
