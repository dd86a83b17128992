import { describe, expect, it } from 'vitest';
import { appSupportIssues } from '@shared/project/support';
import { getTemplate } from '@shared/models/templates';
import { richProject } from './helpers';

describe('appSupportIssues', () => {
  it('names a custom model (the app runs only the templates); a template project has none', () => {
    const p = richProject();
    expect(appSupportIssues(p)).toEqual([
      {
        path: 'model',
        message:
          "the project defines its own model 'oscillator'; this version of MeanField Studio runs only the built-in templates (ik_nodim, ik_eta, ik_theta)",
      },
    ]);
    p.model = { kind: 'template', name: 'ik_nodim', version: getTemplate('ik_nodim')!.version };
    expect(appSupportIssues(p)).toEqual([]);
  });
});
