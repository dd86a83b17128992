import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { definitionLatex } from '../../src-renderer/src/lib/model-info';

describe('definitionLatex', () => {
  it("renders a template's definition with the model's symbol LaTeX", () => {
    for (const name of ['ik_nodim', 'ik_eta', 'ik_theta']) {
      const latex = definitionLatex(getTemplate(name)!, 'r_in');
      expect(latex).not.toBeNull();
      expect(latex!.replace(/\s+/g, ' ')).toMatch(/J/);
      expect(latex).not.toContain('*');
    }
  });

  it('gives null for an unknown definition or one that does not parse', () => {
    const def = getTemplate('ik_nodim')!;
    expect(definitionLatex(def, 'nope')).toBeNull();
    const broken: ModelDef = { ...def, definitions: [{ ...def.definitions[0], expr: 'J*constructor' }] };
    expect(definitionLatex(broken, 'r_in')).toBeNull();
  });
});
