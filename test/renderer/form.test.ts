import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '@shared/models/templates';
import { validateSimulation } from '@shared/simulation/validate';
import { defaultDrafts, field, issuesByField, mergeIssues, readDrafts } from '../../src-renderer/src/lib/form';

const def = TEMPLATES.find((t) => t.name === 'ik_nodim')!;

describe('form drafts', () => {
  it('start from the model defaults and read back into a valid full request', () => {
    const drafts = defaultDrafts(def);
    const { request, parseIssues } = readDrafts(def, drafts);
    expect(parseIssues).toEqual([]);
    expect(Object.keys(request.params)).toEqual(def.params.map((p) => p.name));
    for (const p of def.params) expect(request.params[p.name]).toBe(p.default);
    for (const s of def.states) expect(request.initial[s.name]).toBe(s.initial);
    expect(validateSimulation(request, def)).toEqual([]);
  });

  it('read the seed scenario typed as text', () => {
    const d = defaultDrafts(def);
    d.params.g = '1.5';
    d.inputs.I_ext = { baseline: '0.15', windows: [{ start: '400', stop: '600', value: '0' }] };
    d.solver.sample = '0.01';
    const { request, parseIssues } = readDrafts(def, d);
    expect(parseIssues).toEqual([]);
    expect(request.params.g).toBe(1.5);
    expect(request.inputs.I_ext).toEqual({
      kind: 'schedule',
      baseline: 0.15,
      windows: [{ start: 400, stop: 600, value: 0 }],
    });
  });

  it('report text that is not a number under the field name the validator uses', () => {
    const d = defaultDrafts(def);
    d.params.tau = 'abc';
    d.inputs.I_ext.windows.push({ start: '1', stop: 'x', value: '0' });
    const { request, parseIssues } = readDrafts(def, d);
    expect(parseIssues.map((i) => i.field)).toEqual(['params.tau', 'inputs.I_ext.windows[0].stop']);
    expect(field.window('I_ext', 0, 'stop')).toBe('inputs.I_ext.windows[0].stop');
    // the unparsed field holds its default, so the rest can still be validated
    expect(request.params.tau).toBe(1);
  });

  it('merge parse and validator issues, one message per field, parse first', () => {
    const d = defaultDrafts(def);
    d.params.tau = '-1';
    d.solver.dt = 'abc';
    const { request, parseIssues } = readDrafts(def, d);
    const all = mergeIssues(parseIssues, validateSimulation(request, def));
    const m = issuesByField(all);
    expect(m.get('solver.dt')).toMatch(/not a number/);
    expect(m.get('params.tau')).toMatch(/> 0/);
  });
});
