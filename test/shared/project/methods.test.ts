/**
 * The adaptive methods rodas4 and auto in project files: runs and forms that use them save and open
 * bit for bit; an unknown method name is refused naming the field; files written before these
 * methods existed (dopri5, rk4, euler only) keep opening, see roundtrip.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { parseProject } from '@shared/project/parse';
import { serializeProject } from '@shared/project/serialize';
import type { Project } from '@shared/project/types';
import { compileModel } from '../../../src-main/engine/compile';
import { simulate } from '../../../src-main/engine/simulate';
import { bitDiff, nodimRequest, richProject } from './helpers';

function withNewMethods(): Project {
  const project = richProject();
  const model = compileModel(getTemplate('ik_nodim') as ModelDef);
  for (const [id, method] of [
    [8, 'rodas4'],
    [9, 'auto'],
  ] as const) {
    const request = nodimRequest(1.5, { method, rtol: 1e-6, atol: 1e-9 });
    project.runs.push({ id, color: id % 7, visible: true, request, result: simulate(model, request) });
  }
  project.forms.ik_nodim.simulation.method = 'auto';
  return project;
}

describe('rodas4 and auto in project files', () => {
  it('save and open bit for bit', () => {
    const project = withNewMethods();
    expect(project.runs[7].result.message).toMatch(/^rodas4: /);
    expect(project.runs[8].result.message).toMatch(/^auto: /);
    const text = serializeProject(project, { savedAt: '2025-01-01T00:00:00.000Z' });
    const back = parseProject(text);
    if (!back.ok) throw new Error(JSON.stringify(back.errors.slice(0, 5)));
    expect(back.warnings).toEqual([]);
    expect(bitDiff(back.project, project)).toBeNull();
  });

  it('an unknown method is refused with the field path', () => {
    const text = serializeProject(withNewMethods(), { savedAt: '2025-01-01T00:00:00.000Z' }).replace(/"method": ?"rodas4"/, '"method": "rodas5"');
    expect(text).toContain('rodas5');
    const back = parseProject(text);
    expect(back.ok).toBe(false);
    if (!back.ok) expect(back.errors.some((e) => /^runs\[7\]\.request\.solver\.method/.test(e.path))).toBe(true);
  });
});
