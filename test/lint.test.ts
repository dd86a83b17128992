/**
 * The layer rules of eslint.config.js fire: the engine may not import Electron or the file system
 * or use DOM globals, the renderer may not import src-main. Each snippet is linted in memory as if
 * it were a file at the given path; the same snippet elsewhere (main's services) is allowed.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('layer rules', () => {
  const engine = 'src-main/engine/snippet.ts';

  it.each([
    ["import { app } from 'electron';", 'Electron'],
    ["import { ipcRenderer } from 'electron/renderer';", 'Electron (subpath)'],
    ["import { readFileSync } from 'node:fs';", 'node:fs'],
    ["import { readFileSync } from 'fs';", 'fs'],
    ["import { readFile } from 'fs/promises';", 'fs/promises'],
    ["import { readFile } from 'node:fs/promises';", 'node:fs/promises'],
    ["import type { Stats } from 'node:fs';", 'a type-only fs import'],
    ["import { Studio } from '../../src-renderer/src/state/studio.svelte';", 'UI code'],
  ])('the engine may not import: %s (%s)', async (line) => {
    expect(await ruleIds(`${line}\nexport const used = [${line.match(/\{ (\w+) \}/)![1]}];\n`, engine)).toEqual(['no-restricted-imports']);
  });

  it.each(['window.postMessage(1);', 'document.title = "x";', 'export const w = navigator.language;'])(
    'the engine may not use DOM globals: %s',
    async (code) => {
      expect(await ruleIds(code, engine)).toEqual(['no-restricted-globals']);
    },
  );

  it('the renderer may not import src-main', async () => {
    const code = "import { compileModel } from '../../../src-main/engine/compile';\nexport const f = compileModel;\n";
    expect(await ruleIds(code, 'src-renderer/src/lib/snippet.ts')).toEqual(['no-restricted-imports']);
    expect(await ruleIds("import { app } from 'electron';\nexport const a = app;\n", 'src-renderer/src/lib/snippet.ts')).toEqual(['no-restricted-imports']);
  });

  it('allows the same imports outside those layers, and shared code in the engine', async () => {
    expect(await ruleIds("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'src-main/services/snippet.ts')).toEqual([]);
    expect(await ruleIds("import { parse } from '@shared/expr/parse';\nexport const p = parse;\n", engine)).toEqual([]);
    expect(await ruleIds("import { api } from '../lib/api';\nexport const a = api;\n", 'src-renderer/src/state/snippet.ts')).toEqual([]);
  });

  it('reports unused variables', async () => {
    expect(await ruleIds('const unused = 1;\n', 'src-shared/snippet.ts')).toEqual(['@typescript-eslint/no-unused-vars']);
  });
});
