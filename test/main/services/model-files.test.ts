/**
 * Import Model… and Export Model… as main serves them (createModelFileHandlers, dialogs stood in
 * for): a model written as JSON or PyRates YAML reads back as the same model; a PyRates file's
 * circuits each come back checked (names of built-in templates replaced by names of their own);
 * broken, oversized and foreign files are refused with a message naming the problem, and the
 * handlers never throw.
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedModels } from '@shared/api';
import { buildModel } from '@shared/models/build';
import { modelHash } from '@shared/models/identity';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { createModelFileHandlers, type ModelFileApi } from '../../../src-main/services/model-file-handlers';

const FIXTURES = resolve(__dirname, '../../fixtures/pyrates/model_templates');

let tmp = '';
let open: (string | null)[] = [];
let saved: string[] = [];
let h: ModelFileApi;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'meanfield-model-files-'));
  h = createModelFileHandlers({
    chooseModelFile: async () => open.shift() ?? null,
    chooseModelSavePath: async (name) => {
      saved.push(name);
      return join(tmp, name);
    },
  });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A model of one's own: ik_nodim with g = 0.8 and a new name. */
function custom(): ModelDef {
  const t = structuredClone(getTemplate('ik_nodim')!);
  t.name = 'ik_strong';
  t.params.find((p) => p.name === 'g')!.default = 0.8;
  return t;
}

async function importFile(path: string): Promise<ImportedModels> {
  open = [path];
  const r = await h.importModel();
  if (!r.ok) throw new Error(r.error.message);
  if ('cancelled' in r.value) throw new Error('cancelled');
  return r.value;
}

describe('export then import', () => {
  it('JSON: the same model, to the bit (same content hash and metadata)', async () => {
    saved = [];
    const r = await h.exportModel({ def: custom(), format: 'json' });
    expect(r).toEqual({ ok: true, value: { saved: true, path: join(tmp, 'ik_strong.json') } });
    expect(saved).toEqual(['ik_strong.json']);
    const back = await importFile(join(tmp, 'ik_strong.json'));
    expect(back.file).toBe('ik_strong.json');
    expect(back.models).toHaveLength(1);
    expect(modelHash(back.models[0].def!)).toBe(modelHash(custom()));
    expect(back.models[0].def!.params).toEqual(custom().params);
  });

  it('PyRates YAML: the same states, parameters and defaults; the equations build', async () => {
    const r = await h.exportModel({ def: custom(), format: 'yaml' });
    expect(r.ok).toBe(true);
    const text = readFileSync(join(tmp, 'ik_strong.yaml'), 'utf8');
    expect(text).toContain('ik_strong');
    const back = await importFile(join(tmp, 'ik_strong.yaml'));
    const def = back.models.find((m) => m.def)?.def;
    expect(def, JSON.stringify(back)).toBeDefined();
    expect(def!.states.map((s) => [s.name, s.initial])).toEqual(custom().states.map((s) => [s.name, s.initial]));
    for (const p of custom().params) expect(def!.params.find((q) => q.name === p.name)?.default, p.name).toBe(p.default);
    expect(() => buildModel(def!)).not.toThrow();
  });

  it('a built-in template exports as is and imports as a model of its own name', async () => {
    const r = await h.exportModel({ def: getTemplate('ik_eta')!, format: 'json' });
    expect(r.ok).toBe(true);
    const back = await importFile(join(tmp, 'ik_eta.json'));
    expect(back.models[0].def!.name).toBe('ik_eta_imported');
    expect(modelHash(back.models[0].def!)).toBe(modelHash(getTemplate('ik_eta')!));
  });
});

describe('importing PyRates files', () => {
  it("the fixture's ik.yaml: all three circuits, each checked, renamed away from the templates' names", async () => {
    const back = await importFile(join(FIXTURES, 'neural_mass_models/ik.yaml'));
    expect(back.models.map((m) => m.name)).toEqual(['ik_nodim', 'ik_eta', 'ik_theta']);
    for (const m of back.models) {
      expect(m.error).toBeUndefined();
      expect(m.def!.name).toBe(`${m.name}_imported`);
      expect(() => buildModel(m.def!)).not.toThrow();
    }
  });

  it('a file with one circuit gives one model', async () => {
    const back = await importFile(join(FIXTURES, 'oscillators/vanderpol.yaml'));
    expect(back.models.map((m) => [m.name, m.def?.name])).toEqual([['vdp', 'vdp']]);
  });
});

describe('refusals', () => {
  it('JSON that is not valid, or whose equation is code: an error naming the place', async () => {
    writeFileSync(join(tmp, 'broken.json'), '{\n  "name": "x",\n  "states": [,]\n}');
    const broken = await importFile(join(tmp, 'broken.json'));
    expect(broken.models[0].def).toBeUndefined();
    expect(broken.models[0].error).toMatch(/^line 3, column \d+: not valid JSON/);
    const evil = custom();
    evil.equations[0].rhs = 'require("child_process").exec("rm -rf ~")';
    writeFileSync(join(tmp, 'evil.json'), JSON.stringify(evil));
    const refused = await importFile(join(tmp, 'evil.json'));
    expect(refused.models[0].def).toBeUndefined();
    expect(refused.models[0].error).toMatch(/equations/);
  });

  it('oversized, missing and foreign files: a failure with the reason, nothing imported', async () => {
    writeFileSync(join(tmp, 'huge.yaml'), `a: "${'x'.repeat(5 * 1024 * 1024)}"\n`);
    writeFileSync(join(tmp, 'model.py'), 'import os\n');
    for (const [file, reason] of [
      ['huge.yaml', /larger than 4 MiB/],
      ['missing.json', /no such file/],
      ['model.py', /PyRates \.yaml\/\.yml file or a model \.json file/],
    ] as const) {
      open = [join(tmp, file)];
      const r = await h.importModel();
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(reason);
    }
  });

  it('a cancelled dialog, an argument, a relative path, no dialogs at all', async () => {
    open = [null];
    expect(await h.importModel()).toEqual({ ok: true, value: { cancelled: true } });
    open = ['/never/asked.json'];
    expect((await (h.importModel as (x: unknown) => Promise<{ ok: boolean }>)({ path: '/etc/passwd' })).ok).toBe(false);
    expect(open).toEqual(['/never/asked.json']); // refused before the dialog
    open = ['relative/model.json'];
    expect((await h.importModel()).ok).toBe(false);
    const none = createModelFileHandlers(undefined);
    expect((await none.importModel()).ok).toBe(false);
    expect((await none.exportModel({ def: custom(), format: 'json' })).ok).toBe(false);
  });

  it('export: an unknown format or a broken definition is refused before the save dialog', async () => {
    saved = [];
    expect((await h.exportModel({ def: custom(), format: 'xml' as 'json' })).ok).toBe(false);
    expect((await h.exportModel({ def: { ...custom(), states: [] }, format: 'json' })).ok).toBe(false);
    expect((await h.exportModel({ def: { ...custom(), name: 'ik_nodim' }, format: 'json' })).ok).toBe(false); // a template's name, other content
    expect(saved).toEqual([]);
  });
});
