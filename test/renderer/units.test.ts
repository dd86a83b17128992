import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '@shared/models/templates';
import { axisLabel, unitClashes, unitNote } from '../../src-renderer/src/lib/units';

describe('unit clashes', () => {
  it('finds none for runs of one model or models that agree', () => {
    expect(unitClashes(['ik_nodim', 'ik_nodim'], ['r', 'v'], TEMPLATES)).toEqual([]);
    expect(unitClashes(['ik_eta', 'ik_theta'], ['r', 'v', 's'], TEMPLATES)).toEqual([]);
    expect(unitNote([])).toBe('');
  });

  it('names the variable, the units and the models when they disagree', () => {
    const c = unitClashes(['ik_nodim', 'ik_theta', 'ik_nodim'], ['r', 'v', 's'], TEMPLATES);
    expect(c).toEqual([
      {
        variable: 'r',
        groups: [
          { unit: '', models: ['ik_nodim'] },
          { unit: '1/ms', models: ['ik_theta'] },
        ],
      },
      {
        variable: 'v',
        groups: [
          { unit: '', models: ['ik_nodim'] },
          { unit: 'mV', models: ['ik_theta'] },
        ],
      },
    ]);
    const note = unitNote(c);
    expect(note).toContain('r is dimensionless in ik_nodim, in 1/ms in ik_theta');
    expect(note).toContain('v is dimensionless in ik_nodim, in mV in ik_theta');
  });

  it('labels the axis with its unit, or says it is mixed', () => {
    expect(axisLabel('v', 'mV', false)).toBe('v [mV]');
    expect(axisLabel('r', '', false)).toBe('r');
    expect(axisLabel('r', '1/ms', true)).toBe('r (mixed units)');
  });
});
