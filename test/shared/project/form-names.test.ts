/**
 * Saved form drafts that name something the model does not have (a parameter, state, input, or the
 * continuation form's parameter or variable) are dropped with a warning naming the field path; the
 * file opens. Names and drafts are text only: nothing in them is ever evaluated.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { at } from '@shared/project/reader';
import { parseProject } from '@shared/project/parse';
import { serializeProject } from '@shared/project/serialize';
import type { ParseOutcome, Project, ProjectIssue } from '@shared/project/types';
import { richProject, zlibCodec } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let text = '';
beforeAll(() => {
  text = serializeProject(richProject());
});
const doc = () => JSON.parse(text) as Json;

function open(d: Json): { project: Project; warnings: ProjectIssue[] } {
  const r: ParseOutcome = parseProject(JSON.stringify(d), { codec: zlibCodec });
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.errors)}`);
  return r;
}

const marker = globalThis as { __formNameEvaluated?: number };
afterEach(() => {
  delete marker.__formNameEvaluated;
  vi.restoreAllMocks();
});

describe('form drafts naming what the model does not have', () => {
  it('a parameter key that is code is dropped with a warning at its path, never evaluated', () => {
    const evalSpy = vi.spyOn(globalThis, 'eval');
    const d = doc();
    const key = 'process.exit(7)||alpha';
    d.forms.ik_nodim.simulation.params[key] = '(globalThis.__formNameEvaluated = 1)';
    d.forms.ik_nodim.simulation.params['globalThis.__formNameEvaluated=2'] = '0.5';
    const { project, warnings } = open(d);
    expect(warnings).toEqual([
      { path: 'forms.ik_nodim.simulation.params["process.exit(7)||alpha"]', message: 'not a parameter of ik_nodim; dropped' },
      { path: 'forms.ik_nodim.simulation.params["globalThis.__formNameEvaluated=2"]', message: 'not a parameter of ik_nodim; dropped' },
    ]);
    const params = project.forms.ik_nodim.simulation.params;
    expect(Object.keys(params)).not.toContain(key);
    // Everything the model has is kept as typed.
    expect(params).toEqual(richProject().forms.ik_nodim.simulation.params);
    expect(marker.__formNameEvaluated).toBeUndefined();
    expect(evalSpy).not.toHaveBeenCalled();
  });

  it('initial values and inputs of states and inputs the model lacks are dropped, each named', () => {
    const d = doc();
    d.forms.ik_nodim.simulation.initial.w = '1';
    d.forms.ik_nodim.simulation.inputs.I_syn = { baseline: '0', windows: [] };
    d.forms.oscillator.simulation.params.g = '0.5'; // a parameter of another model
    const { project, warnings } = open(d);
    expect(warnings).toEqual([
      { path: 'forms.ik_nodim.simulation.initial.w', message: 'not a state of ik_nodim; dropped' },
      { path: 'forms.ik_nodim.simulation.inputs.I_syn', message: 'not an input of ik_nodim; dropped' },
      { path: 'forms.oscillator.simulation.params.g', message: 'not a parameter of oscillator; dropped' },
    ]);
    expect(Object.keys(project.forms.ik_nodim.simulation.initial)).toEqual(['r', 'v', 'u', 's']);
    expect(Object.keys(project.forms.ik_nodim.simulation.inputs)).toEqual(['I_ext']);
    expect(Object.keys(project.forms.oscillator.simulation.params)).toEqual(['w', 'zeta']);
  });

  it('a continuation form for a parameter the model lacks is dropped; an unknown variable falls back to the first state', () => {
    const d = doc();
    expect(d.forms.ik_nodim.continuation).toBeDefined();
    d.forms.ik_nodim.continuation.param = 'gamma';
    d.forms.oscillator.continuation = { ...doc().forms.ik_nodim.continuation, param: 'F', variable: 'r' };
    const { project, warnings } = open(d);
    expect(warnings).toEqual([
      { path: 'forms.ik_nodim.continuation.param', message: 'not a parameter or input of ik_nodim; the continuation form was dropped' },
      { path: 'forms.oscillator.continuation.variable', message: 'not a state of oscillator; x is plotted instead' },
    ]);
    expect(project.forms.ik_nodim.continuation).toBeUndefined();
    // An input is a valid continuation parameter.
    expect(project.forms.oscillator.continuation).toMatchObject({ param: 'F', variable: 'x' });
  });

  it('a file whose forms name only what the model has opens without a warning', () => {
    expect(open(doc()).warnings).toEqual([]);
  });
});

describe('paths of keys a file may hold', () => {
  it('plain names and indices read as before; any other key is quoted as text on one line', () => {
    expect(at('forms', 'ik_nodim')).toBe('forms.ik_nodim');
    expect(at('runs', 1)).toBe('runs[1]');
    expect(at('result', 'columns[0]')).toBe('result.columns[0]');
    expect(at('branch', 'points.count')).toBe('branch.points.count');
    expect(at('', 'extra')).toBe('extra');
    expect(at('', 'two words')).toBe('["two words"]');
    const hostile = at('params', 'a\u001b[2J\nb\u009b\u2028"c"');
    expect(hostile).toBe('params["a\\u001b[2J\\nb\\u009b\\u2028\\"c\\""]');
    // eslint-disable-next-line no-control-regex -- control characters are what must be absent
    expect(hostile).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    const long = at('params', 'x'.repeat(10_000) + '!');
    expect(long).toBe(`params["${'x'.repeat(64)}…"]`);
  });

  it('an unknown top-level field with control characters is warned about on one line', () => {
    const d = doc();
    d['\u001b]0;title\u0007'] = 1;
    const { warnings } = open(d);
    expect(warnings).toEqual([{ path: '["\\u001b]0;title\\u0007"]', message: 'unknown field, ignored' }]);
  });
});
