/** Model file sources for the importer's tests: the fixture tree on disk, or files held in memory. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelFileSource } from '@shared/models/pyrates';

/** Root of the fixture tree (holding model_templates/...). */
export const FIXTURES = join(__dirname, '../../../fixtures/pyrates');

/** The fixture tree; records every path asked for in `asked`. */
export function fixtureSource(): ModelFileSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    read(path: string) {
      asked.push(path);
      try {
        return readFileSync(join(FIXTURES, path), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** Files held in memory, by path. */
export function memorySource(files: Record<string, string>): ModelFileSource {
  return { read: (path) => (Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined) };
}

/** One file `m.yaml` holding `text`. */
export const oneFile = (text: string): ModelFileSource => memorySource({ 'm.yaml': text });

export const NMM = 'model_templates/neural_mass_models';
