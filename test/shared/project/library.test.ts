/**
 * The model library of version-3 files: an edited model's earlier runs keep the definition they
 * were made with; what is kept on save; and a damaged library (too many models, a missing model,
 * the same definition twice, a hash that does not match its definition, two current models of one
 * name, a dangling link) is each named by path.
 */
import { describe, expect, it } from 'vitest';
import { customRef, modelHash, shortHash } from '@shared/models/identity';
import type { ModelDef } from '@shared/models/types';
import { libraryToSave } from '@shared/project/library';
import { parseProject } from '@shared/project/parse';
import { MAX_LIBRARY_MODELS } from '@shared/project/read-library';
import { projectJson, serializeProject } from '@shared/project/serialize';
import type { Project } from '@shared/project/types';
import { compileModel } from '../../../src-main/engine/compile';
import { simulate } from '../../../src-main/engine/simulate';
import { bitDiff, CUSTOM, CUSTOM_EARLIER, richProject, zlibCodec } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

const H = modelHash(CUSTOM);
const H0 = modelHash(CUSTOM_EARLIER);

function parse(x: unknown) {
  return parseProject(typeof x === 'string' ? x : JSON.stringify(x), { codec: zlibCodec });
}
function errorsOf(x: unknown): string[] {
  const r = parse(x);
  if (r.ok) throw new Error('expected the file to be refused');
  return r.errors.map((e) => `${e.path}: ${e.message}`);
}
const doc = (p: Project = richProject()): Doc => JSON.parse(serializeProject(p, { codec: zlibCodec }));

describe('an edited model', () => {
  it('runs made before the edit keep the earlier definition, stored once in the library and re-run as it was', () => {
    const p = richProject();
    expect(H).not.toBe(H0);
    const d = doc(p);
    expect(d.models.map((m: Doc) => [m.hash, m.current, m.supersededBy])).toEqual([
      [H, true, undefined],
      [H0, false, H],
    ]);
    // Requests refer by reference; no definition is copied into them.
    expect(d.runs[5].request.model).toEqual({ kind: 'custom', name: 'oscillator', hash: H });
    expect(d.runs[6].request.model).toEqual({ kind: 'custom', name: 'oscillator', hash: H0 });
    expect(JSON.stringify(d.runs)).not.toContain('"equations"');
    const back = parse(d);
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(back.warnings).toEqual([]);
    expect(bitDiff(back.project, p)).toBeNull();
    const [current, earlier] = [back.project.runs[5].request.def!, back.project.runs[6].request.def!];
    expect(modelHash(current)).toBe(H);
    expect(modelHash(earlier)).toBe(H0);
    // The earlier run's result is what its own definition gives, not what the edited one gives.
    const again = (def: ModelDef) => simulate(compileModel(def), { ...back.project.runs[6].request, def }, { onProgress: () => {}, isCancelled: () => false });
    expect(bitDiff(again(earlier).columns, back.project.runs[6].result.columns)).toBeNull();
    expect(bitDiff(again(current).columns, back.project.runs[6].result.columns)).not.toBeNull();
  });

  it('an earlier definition no run uses is dropped on save; a current model is kept even unused', () => {
    const p = richProject();
    p.runs = p.runs.filter((r) => r.request.def === undefined);
    expect(libraryToSave(p).map((m) => m.hash)).toEqual([H]);
    p.model = { kind: 'template', name: 'ik_nodim', version: 1 };
    const back = parse(serializeProject(p));
    expect(back.ok && back.project.models.map((m) => [m.hash, m.current])).toEqual([[H, true]]);
  });

  it("a request's definition missing from the library is added as an earlier version of its model's current definition", () => {
    const p = richProject();
    p.models = p.models.slice(0, 1);
    expect(libraryToSave(p)).toEqual([
      { hash: H, current: true, def: CUSTOM },
      { hash: H0, current: false, supersededBy: H, def: CUSTOM_EARLIER },
    ]);
    // With no current model of that name, it becomes the current one.
    p.models = [];
    p.model = { kind: 'template', name: 'ik_nodim', version: 1 };
    expect(libraryToSave(p).map((m) => [m.hash, m.current, m.supersededBy])).toEqual([
      [H, true, undefined],
      [H0, false, H],
    ]);
  });

  it('a chain of edits through dropped definitions links the kept one to the latest', () => {
    const middle: ModelDef = { ...CUSTOM, states: [{ ...CUSTOM.states[0], initial: 2 }, CUSTOM.states[1]] };
    const hm = modelHash(middle);
    const p = richProject();
    p.models = [
      { hash: H, current: true, def: CUSTOM },
      { hash: H0, current: false, supersededBy: hm, def: CUSTOM_EARLIER },
      { hash: hm, current: false, supersededBy: H, def: middle },
    ];
    expect(libraryToSave(p).map((m) => [m.hash, m.supersededBy])).toEqual([
      [H, undefined],
      [H0, H],
    ]);
  });

  it('a renamed model keeps its hash: references follow the library name, with a warning for a stale one', () => {
    const d = doc();
    d.runs[5].request.model.name = 'old name';
    const r = parse(d);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings).toEqual([
      { path: 'runs[5].request.model.name', message: "the library's definition with this hash is called 'oscillator'; that name is used" },
    ]);
    expect(r.project.runs[5].request.model).toBe('oscillator');
  });
});

describe('a damaged library is named by path', () => {
  it(`a library of 10,000 models is refused before any definition is read (at most ${MAX_LIBRARY_MODELS})`, () => {
    const d = doc();
    d.models = Array.from({ length: 10_000 }, () => d.models[0]);
    expect(errorsOf(d)).toEqual([`models: must hold at most ${MAX_LIBRARY_MODELS} entries (got 10000)`]);
  });

  it(`a library of ${MAX_LIBRARY_MODELS} distinct models opens`, () => {
    const d = doc();
    const many = Array.from({ length: MAX_LIBRARY_MODELS - 2 }, (_, i) => {
      const def = { ...CUSTOM, name: `m${i}`, params: [{ ...CUSTOM.params[0], default: 100 + i }, CUSTOM.params[1]] };
      return { hash: modelHash(def), current: true, def };
    });
    d.models.push(...many);
    const r = parse(d);
    if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
    expect(r.project.models).toHaveLength(MAX_LIBRARY_MODELS);
  });

  it('a model referred to but missing: the selection, a run and a branch', () => {
    const d = doc();
    d.models = d.models.slice(0, 1);
    expect(errorsOf(d)).toEqual([`runs[6].request.model.hash: no model with hash ${shortHash(H0)}… ('oscillator') in the project's library (models)`]);
    const s = doc();
    s.models = [];
    expect(errorsOf(s)[0]).toBe(`model.hash: no model with hash ${shortHash(H)}… ('oscillator') in the project's library (models)`);
    const b = doc();
    b.branches[1].request.model = { kind: 'custom', name: 'oscillator', hash: 'f'.repeat(64) };
    expect(errorsOf(b)).toEqual([`branches[1].request.model.hash: no model with hash ffffffffffff… ('oscillator') in the project's library (models)`]);
    const bad = doc();
    bad.runs[5].request.model.hash = 'abc';
    expect(errorsOf(bad)).toEqual(['runs[5].request.model.hash: must be a SHA-256 hash (64 lowercase hex digits)']);
  });

  it('two entries with the same hash', () => {
    const d = doc();
    d.models.push({ ...d.models[0], current: false });
    expect(errorsOf(d)).toEqual(["models[2].hash: the same definition as models[0] ('oscillator'); each definition is stored once"]);
    // The same content under another name is the same definition too (names do not enter the hash).
    const n = doc();
    n.models.push({ hash: H, current: true, def: { ...CUSTOM, name: 'copy' } });
    expect(errorsOf(n)).toEqual(["models[2].hash: the same definition as models[0] ('copy'); each definition is stored once"]);
  });

  it('a hash that does not match its definition (a definition edited in the file)', () => {
    const d = doc();
    d.models[1].def.params[1].default = 0.25;
    const actual = modelHash({ ...CUSTOM_EARLIER, params: [CUSTOM_EARLIER.params[0], { ...CUSTOM_EARLIER.params[1], default: 0.25 }] });
    expect(errorsOf(d)).toEqual([
      `models[1].hash: does not match the definition of 'oscillator' (its content hashes to ${shortHash(actual)}…): the definition was changed after ` +
        'its results were stored; restore it, or remove the runs and branches made with it and store the new hash',
    ]);
    // Text that does not enter the hash (a description) may change freely.
    const ok = doc();
    ok.models[1].def.description = 'edited by hand';
    expect(parse(ok).ok).toBe(true);
  });

  it('two current models of one name; links that lead nowhere', () => {
    const d = doc();
    d.models[1].current = true;
    delete d.models[1].supersededBy;
    expect(errorsOf(d)).toEqual(["models[1].current: models[0] is also a current model named 'oscillator'; an earlier definition has current: false"]);
    const l = doc();
    l.models[1].supersededBy = 'e'.repeat(64);
    const r = parse(l);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings).toEqual([{ path: 'models[1].supersededBy', message: 'no model with hash eeeeeeeeeeee… in the library; ignored' }]);
    expect(r.project.models[1].supersededBy).toBeUndefined();
  });

  it('an earlier definition selected gives way to its current one', () => {
    const d = doc();
    d.model = customRef(CUSTOM_EARLIER);
    const r = parse(d);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings).toEqual([
      { path: 'model.hash', message: `an earlier definition of 'oscillator'; its current definition (${shortHash(H)}…) is selected` },
    ]);
    expect(r.project.model).toEqual(customRef(CUSTOM));
    const orphan = doc();
    orphan.model = customRef(CUSTOM_EARLIER);
    delete orphan.models[1].supersededBy;
    expect(errorsOf(orphan)).toEqual([
      "model.hash: an earlier definition of 'oscillator' (current: false); the selected model must be a template or a current model of the library",
    ]);
  });

  it('the library is written with every field in order and read without warnings', () => {
    const json = projectJson(richProject()) as Doc;
    expect(Object.keys(json.models[1])).toEqual(['hash', 'current', 'supersededBy', 'def']);
    expect(Object.keys(json).slice(0, 4)).toEqual(['format', 'version', 'models', 'model']);
  });
});
