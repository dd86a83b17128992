/**
 * What a valid project may hold that this version of the app cannot open: one list of reasons, so
 * the app (project handlers) and `meanfield validate` refuse the same files with the same words.
 */
import { TEMPLATES } from '../models/templates';
import type { Project, ProjectIssue } from './types';

/** Problems that keep the app from opening `project` (empty when it can). */
export function appSupportIssues(project: Project): ProjectIssue[] {
  if (project.model.kind === 'custom') {
    return [
      {
        path: 'model',
        message:
          `the project defines its own model '${project.model.def.name}'; this version of MeanField Studio runs only ` +
          `the built-in templates (${TEMPLATES.map((t) => t.name).join(', ')})`,
      },
    ];
  }
  return [];
}
