import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProject, MAX_JSON_DEPTH } from '@shared/project/parse';
import { projectJson, serializeProject } from '@shared/project/serialize';
import { MAX_PROJECT_BYTES, PROJECT_VERSION, type ParseOutcome, type Project } from '@shared/project/types';
import { modelHash } from '@shared/models/identity';
import { bitDiff, CUSTOM, richProject, zlibCodec } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let base: Project;
let doc: () => Json;
beforeAll(() => {
  base = richProject();
  const text = serializeProject(base);
  doc = () => JSON.parse(text) as Json;
});

const parse = (x: unknown): ParseOutcome => parseProject(typeof x === 'string' ? x : JSON.stringify(x), { codec: zlibCodec });

function errorsOf(x: unknown): string[] {
  const r = parse(x);
  if (r.ok) throw new Error('expected the file to be refused');
  return r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('opening refuses bad files with the field path and the problem', () => {
  it('settings the app would refuse, named by path', () => {
    const d = doc();
    d.runs[1].request.solver.dt = -1;
    expect(errorsOf(d).some((e) => /^runs\[1\]\.request\.solver\.dt: .*> 0/.test(e))).toBe(true);
  });

  it('NaN (a string in JSON) where a finite number is needed', () => {
    const d = doc();
    d.runs[0].request.params.g = 'NaN';
    expect(errorsOf(d).some((e) => e.startsWith('runs[0].request.params.g: must be a finite number'))).toBe(true);
    const d2 = doc();
    d2.view.timeRange = ['NaN', 3];
    expect(errorsOf(d2)).toContain('view.timeRange: must be [min, max] with finite min < max, or null');
  });

  it('wrong types', () => {
    const d = doc();
    d.runs[0].visible = 'yes';
    d.branches[0].color = 1.5;
    d.forms.ik_nodim.simulation.solver.dt = 5;
    const errs = errorsOf(d);
    expect(errs).toContain('runs[0].visible: must be true or false');
    expect(errs).toContain('branches[0].color: must be a whole number from 0 to 1000');
    expect(errs).toContain('forms.ik_nodim.simulation.solver.dt: must be a string');
  });

  it('results that do not fit the model or each other', () => {
    const d = doc();
    d.runs[0].result.columns.pop();
    expect(errorsOf(d)).toContain('runs[0].result.columns: must hold 4 columns (one per state), got 3');
    const d2 = doc();
    d2.runs[0].result.names = ['r', 'v', 's', 'u'];
    expect(errorsOf(d2)[0]).toMatch(/^runs\[0\]\.result\.names: must be the states of ik_nodim in order/);
    const d3 = doc();
    d3.runs[0].result.columns[2] = [1, 2, 3];
    expect(errorsOf(d3)[0]).toMatch(/^runs\[0\]\.result\.columns\[2\]: must hold \d+ values \(got 3\)/);
    const d4 = doc();
    d4.branches[0].result.branch.special[0].x = [1, 2];
    expect(errorsOf(d4)).toContain('branches[0].result.branch.special[0].x: must hold 4 values (one per state), got 2');
    const d5 = doc();
    d5.branches[0].result.branch.points.stable = '01';
    expect(errorsOf(d5)[0]).toMatch(/^branches\[0\]\.result\.branch\.points\.stable: must be \d+ characters/);
    const d6 = doc();
    d6.runs[0].id = d6.runs[1].id;
    expect(errorsOf(d6)).toContain(`runs[1].id: id ${d6.runs[1].id} is used twice`);
  });

  it('a newer format version is refused saying so; a bad header says what it is', () => {
    const d = doc();
    d.version = PROJECT_VERSION + 1;
    expect(errorsOf(d)).toEqual([
      `version: made by a newer MeanField Studio (format version ${PROJECT_VERSION + 1}; this version reads up to ${PROJECT_VERSION}). Update MeanField Studio to open it.`,
    ]);
    expect(errorsOf({ ...doc(), format: 'other' })[0]).toMatch(/^format: this is not a MeanField Studio project/);
    expect(errorsOf({ ...doc(), version: 0 })[0]).toBe('version: must be a whole number >= 1');
    expect(errorsOf([1, 2])[0]).toMatch(/^file: must hold a JSON object/);
  });

  it('invalid, truncated, empty, oversized and deeply nested text', () => {
    const text = serializeProject(base);
    expect(errorsOf(text.slice(0, text.length / 2))[0]).toMatch(/^file: the file is not valid JSON; it looks truncated/);
    expect(errorsOf('{"format": meanfield}')[0]).toMatch(/^file: the file is not valid JSON \(/);
    expect(errorsOf('   ')).toEqual(['file: is empty']);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(errorsOf(deep)).toEqual([`file: nests lists or objects deeper than ${MAX_JSON_DEPTH} levels`]);
    const r = parseProject({ length: MAX_PROJECT_BYTES + 1 } as unknown as string);
    expect(r.ok).toBe(false);
    expect(parseProject(' '.repeat(MAX_PROJECT_BYTES + 1))).toEqual({
      ok: false,
      errors: [{ path: 'file', message: 'is larger than the limit of 256 MiB' }],
    });
  });

  it('huge or corrupt arrays are refused before anything big is allocated', () => {
    const d = doc();
    d.runs[0].result.t = { length: 1e15, encoding: 'f64le', data: 'AAAA' };
    expect(errorsOf(d)[0]).toMatch(/^runs\[0\]\.result\.t: length 1000000000000000 exceeds the limit/);
    const d2 = doc();
    const col = d2.runs[0].result.columns[0];
    col.data = col.data.slice(0, 100);
    expect(errorsOf(d2)[0]).toMatch(/^runs\[0\]\.result\.columns\[0\]: data has 100 characters; .* \(truncated\?\)/);
    const d3 = doc();
    d3.runs[0].result.columns[0] = { length: d3.runs[0].result.t.length, encoding: 'f64le-pred2-deflate', data: 'AAAAAAAA' };
    expect(errorsOf(d3)[0]).toBe('runs[0].result.columns[0]: compressed data is corrupt or truncated');
    const d4 = doc();
    d4.runs[0].result.columns[0] = { length: d4.runs[0].result.t.length, encoding: 'zip', data: '' };
    expect(errorsOf(d4)[0]).toMatch(/unknown encoding "zip"/);
    const d5 = doc();
    d5.runs[0].request.params = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`p${i}`, 1]));
    expect(errorsOf(d5)[0]).toBe('runs[0].request.params: must hold at most 10000 entries (got 20000)');
  });

  it('hostile equations in a custom model go through the safe parser and are named', () => {
    const hostile = [
      "constructor.constructor('return process')().exit()",
      'require("fs").rmSync("/")',
      '${process.exit()}',
      'x; process.exit(1)',
      '(((((((((('.repeat(1000),
    ];
    for (const rhs of hostile) {
      const d = doc();
      d.models[0].def.equations[0].rhs = rhs;
      const errs = errorsOf(d);
      expect(errs[0]).toMatch(/^models\[0\]\.def/);
      expect(errs[0]).toMatch(/equation x'|nested|too/);
    }
    const e1 = doc();
    e1.models[0].def.equations[1].rhs = 'acc + nope';
    expect(errorsOf(e1)[0]).toBe("models[0].def.equations[1].rhs: equation y': unknown symbol 'nope' at column 7");
    const e2 = doc();
    e2.models[0].def.definitions[0].expr = '-2*zeta*w*y +';
    expect(errorsOf(e2)[0]).toMatch(/^models\[0\]\.def\.definitions\[0\]\.expr: definition acc: /);
    const e3 = doc();
    e3.models[0].def.params[1].default = -1;
    expect(errorsOf(e3)[0]).toBe('models[0].def.params[1].default: must be >= 0');
    const d = doc();
    d.models[0].def.params[0].name = 'sin';
    expect(errorsOf(d)[0]).toMatch(/^models\[0\]\.def\.params\[0\]\.name: 'sin' is reserved/);
    const d2 = doc();
    d2.models[0].def.name = 'ik_nodim';
    expect(errorsOf(d2)[0]).toMatch(/^models\[0\]\.def\.name: 'ik_nodim' is the name of a built-in template/);
    const d3 = doc();
    const text = JSON.stringify(d3).replace('"params":{', '"params":{"__proto__":{"polluted":true},');
    expect(errorsOf(text)).toContain('forms.ik_nodim.simulation.params.__proto__: is not an allowed name');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('unknown fields are dropped with a warning; dangling selections are cleared', () => {
    const d = doc();
    d.extra = { anything: [1, 2] };
    d.runs[0].colour = 'red';
    d.view.selectedRun = 99;
    const r = parse(d);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings).toEqual([
      { path: 'extra', message: 'unknown field, ignored' },
      { path: 'runs[0].colour', message: 'unknown field, ignored' },
      { path: 'view.selectedRun', message: 'does not refer to a stored entry; nothing selected' },
    ]);
    expect(r.project.view.selectedRun).toBeNull();
    expect('colour' in r.project.runs[0]).toBe(false);
  });

  it('a template saved with another version opens with a warning; an unknown template is refused', () => {
    const p: Project = {
      ...base,
      model: { kind: 'template', name: 'ik_nodim', version: 7 },
      forms: { ik_nodim: base.forms.ik_nodim },
      runs: base.runs.filter((r) => r.request.model === 'ik_nodim'),
      view: { ...base.view, plotted: ['r'], selectedRun: null },
    };
    const r = parse(projectJson(p));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings[0].path).toBe('model.version');
    const d = projectJson({ ...p, model: { kind: 'template', name: 'ik_nothing', version: 1 } });
    expect(errorsOf(d)[0]).toMatch(/^model\.name: unknown template 'ik_nothing'/);
  });

  it('runs of a model the library does not hold are refused, each by path', () => {
    const d = doc();
    const hash = d.models[0].hash;
    d.models = [];
    d.model = { kind: 'template', name: 'ik_nodim', version: 1 };
    const earlier = base.models[1].hash;
    expect(errorsOf(d)).toEqual([
      `runs[5].request.model.hash: no model with hash ${hash.slice(0, 12)}… ('oscillator') in the project's library (models)`,
      `runs[6].request.model.hash: no model with hash ${earlier.slice(0, 12)}… ('oscillator') in the project's library (models)`,
    ]);
    expect(CUSTOM.name).toBe('oscillator');
    // A custom model referred to as a template is named, with the reference to use.
    const t = doc();
    t.runs[5].request.model = { kind: 'template', name: 'oscillator', version: 3 };
    expect(errorsOf(t)[0]).toBe(
      `runs[5].request.model.name: unknown template 'oscillator' (templates: ik_nodim, ik_eta, ik_theta); 'oscillator' is a model of the library: refer to it as { kind: 'custom', name, hash: '${hash}' }`,
    );
  });
});

describe('migration', () => {
  const fixture = readFileSync(join(__dirname, '../../fixtures/project-v1.mfproj'), 'utf8');

  it('the version-1 fixture still opens, migrated to the current layout', () => {
    expect(JSON.parse(fixture).version).toBe(1);
    const r = parse(fixture);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.migratedFrom).toBe(1);
    expect(r.warnings).toEqual([]);
    const p = r.project;
    expect(p.model).toEqual({ kind: 'template', name: 'ik_nodim', version: 1 });
    expect(p.models).toEqual([]);
    expect(p.forms.ik_nodim.simulation.params.g).toBe('1.5');
    expect(p.forms.ik_nodim.continuation).toBeUndefined();
    expect(p.branches).toEqual([]);
    expect(p.curves).toEqual([]);
    expect(p.view).toEqual({
      view: 'timeseries',
      pane: 'timeseries',
      plotted: ['r', 'v'],
      timeRange: [0.2, 0.8],
      diagramRange: null,
      selectedRun: 1,
      selectedBranch: null,
      diagram: 'oneParam',
      curveRange: null,
      selectedCurve: null,
      selectedCycle: null,
      cycleMeasure: 'extrema',
    });
    expect(p.runs).toHaveLength(1);
    expect(p.runs[0].result.t.length).toBe(21);
    expect(p.runs[0].result.t[20]).toBe(1);
    // Saved again, it is a current-version file that opens unchanged.
    const again = parse(serializeProject(p));
    expect(again.ok && again.migratedFrom === undefined).toBe(true);
  });

  it('a version-2 file with its own model: the model becomes the library entry, runs refer to it by hash', () => {
    const text = readFileSync(join(__dirname, '../../fixtures/project-v2-custom.mfproj'), 'utf8');
    const raw = JSON.parse(text);
    expect([raw.version, raw.model.kind, raw.runs[0].request.model]).toEqual([2, 'custom', 'oscillator']);
    const r = parse(text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.migratedFrom).toBe(2);
    expect(r.warnings).toEqual([]);
    const p = r.project;
    const hash = modelHash(CUSTOM);
    expect(p.model).toEqual({ kind: 'custom', name: 'oscillator', hash });
    expect(p.models).toEqual([{ hash, current: true, def: CUSTOM }]);
    expect(p.runs[0].request.def).toEqual(CUSTOM);
    expect(p.runs[1].request).not.toHaveProperty('def');
    expect(p.runs[1].request.model).toBe('ik_nodim');
    expect(Object.keys(p.forms)).toEqual(['oscillator']);
    // Saved as version 3: it opens again unchanged, the definition written once.
    const saved = serializeProject(p, { codec: zlibCodec });
    expect(saved.split('"equations"').length - 1).toBe(1);
    const again = parse(saved);
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.migratedFrom).toBeUndefined();
    expect(bitDiff(again.project, p)).toBeNull();
  });

  it('a version-2 file of a template (the example) keeps its template selection, with an empty library', () => {
    const text = readFileSync(join(__dirname, '../../../examples/pyrates-izhikevich.mfproj'), 'utf8');
    expect(JSON.parse(text).version).toBe(2);
    const r = parse(text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.migratedFrom).toBe(2);
    expect(r.project.model).toEqual({ kind: 'template', name: 'ik_nodim', version: 1 });
    expect(r.project.models).toEqual([]);
    expect(r.project.runs.every((run) => run.request.def === undefined && run.request.model === 'ik_nodim')).toBe(true);
    const d = projectJson(r.project) as { runs: { request: { model: unknown } }[]; branches: { request: { model: unknown } }[] };
    expect(d.branches[0].request.model).toEqual({ kind: 'template', name: 'ik_nodim', version: 1 });
  });

  it('a version-2 custom model that does not hash or build is reported at its new path', () => {
    const raw = JSON.parse(readFileSync(join(__dirname, '../../fixtures/project-v2-custom.mfproj'), 'utf8'));
    raw.model.def.states = 'none';
    expect(errorsOf(raw)).toContain('models[0].def.states: must be a list');
  });
});
