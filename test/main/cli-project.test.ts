import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeProject } from '@shared/project/serialize';
import { DEFAULT_CONTINUATION, type ContinuationRequest } from '@shared/continuation/types';
import { modelHash, shortHash } from '@shared/models/identity';
import type { ModelDef } from '@shared/models/types';
import { PROJECT_VERSION, type Project } from '@shared/project/types';
import { DEFAULT_SOLVER, type SimulationRequest } from '@shared/simulation/types';
import { compileModel } from '../../src-main/engine/compile';
import { runContinuation } from '../../src-main/engine/continuation/run';
import { simulate } from '../../src-main/engine/simulate';
import { getTemplate } from '@shared/models/templates';
import { ensureBuild, ROOT } from './ensure-build';
import { meanfield } from './cli-run';
import { CUSP, CUSTOM, CUSTOM_EARLIER, cuspFoldCurve, cycleFamily, networkRun, richProject } from '../shared/project/helpers';

/** A second custom model: leaky integration of an input. */
const DECAY: ModelDef = {
  name: 'decay',
  version: 1,
  title: 'Leaky integrator',
  description: "x' = (I - x) / tau",
  states: [{ name: 'x', latex: 'x', description: '', unit: '', initial: 0 }],
  params: [{ name: 'tau', latex: '\\tau', description: '', unit: '', default: 0.5, domain: 'positive' }],
  inputs: [{ name: 'I', latex: 'I', description: '', unit: '', default: 1 }],
  definitions: [],
  equations: [{ state: 'x', rhs: '(I - x) / tau', latex: '' }],
};

/**
 * Two custom models, one of them edited after some of its runs (richProject's runs 6 and 7: the
 * current and the earlier definition of 'oscillator'), a run of the second one and a branch of
 * the edited one.
 */
function customProject(): Project {
  const p = richProject();
  const request: SimulationRequest = {
    model: 'decay',
    def: DECAY,
    params: {},
    initial: {},
    inputs: {},
    solver: { ...DEFAULT_SOLVER, method: 'rk4', tEnd: 3, dt: 0.01, sample: 0.05 },
  };
  const hooks = { onProgress: () => {}, isCancelled: () => false };
  p.runs.push({ id: 8, color: 1, visible: true, request, result: simulate(compileModel(DECAY), request, hooks) });
  const cont: ContinuationRequest = {
    model: 'oscillator',
    def: CUSTOM_EARLIER,
    params: {},
    initial: {},
    inputs: { F: 0 },
    param: 'F',
    bounds: [0, 2],
    settings: { ...DEFAULT_CONTINUATION },
  };
  p.branches.push({ id: 3, color: 4, visible: true, request: cont, result: runContinuation(compileModel(CUSTOM_EARLIER), cont, {}) });
  p.models.push({ hash: modelHash(DECAY), current: true, def: DECAY });
  return p;
}

const EXAMPLE = join(ROOT, 'examples/pyrates-izhikevich.mfproj');

let dir: string;
beforeAll(() => {
  ensureBuild();
  dir = mkdtempSync(join(tmpdir(), 'mf-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('meanfield validate', () => {
  it('accepts the example and the version-1 fixture', () => {
    const r = meanfield('validate', EXAMPLE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid project \(format version 2, migrated\): 2 run\(s\), 1 branch\(es\), 0 curve\(s\)/);
    const v1 = meanfield('validate', join(ROOT, 'test/fixtures/project-v1.mfproj'));
    expect(v1.code).toBe(0);
    expect(v1.stdout).toMatch(/format version 1, migrated/);
  });

  it('prints the errors the app would show, one per line, and exits 1', () => {
    const doc = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    doc.runs[1].request.solver.dt = 0;
    doc.branches[0].visible = 'no';
    const file = join(dir, 'bad.mfproj');
    writeFileSync(file, JSON.stringify(doc));
    const r = meanfield('validate', file);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.some((l) => l.startsWith('runs[1].request.solver.dt: '))).toBe(true);
    expect(lines).toContain('branches[0].visible: must be true or false');
    writeFileSync(file, '{"format": "meanfield-studio-project", "version": 9}');
    expect(meanfield('validate', file).stderr).toMatch(
      new RegExp(`^version: made by a newer MeanField Studio \\(format version 9; this version reads up to ${PROJECT_VERSION}\\)`),
    );
  });

  it('accepts projects with their own models: a version-2 one migrated, a version-3 one with an edited model', () => {
    const v2 = meanfield('validate', join(ROOT, 'test/fixtures/project-v2-custom.mfproj'));
    expect(v2.stderr).toBe('');
    expect(v2.code).toBe(0);
    expect(v2.stdout).toMatch(/valid project \(format version 2, migrated\): 2 run\(s\), 0 branch\(es\)/);
    const file = join(dir, 'custom.mfproj');
    writeFileSync(file, serializeProject(customProject()));
    const r = meanfield('validate', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid project: 8 run\(s\), 3 branch\(es\)/);
  });

  it('reports what the app would about a damaged library, by path', () => {
    const doc = JSON.parse(serializeProject(customProject()));
    doc.models[1].def.params[1].default = 0.5;
    doc.runs[7].request.model.hash = '0'.repeat(64);
    const file = join(dir, 'damaged-library.mfproj');
    writeFileSync(file, JSON.stringify(doc));
    const r = meanfield('validate', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^models\[1\]\.hash: does not match the definition of 'oscillator'/);
  });

  it('bad arguments exit 2', () => {
    expect(meanfield('validate').code).toBe(2);
    expect(meanfield('validate', 'a.mfproj', 'b.mfproj').code).toBe(2);
    expect(meanfield('run', EXAMPLE, '--out').code).toBe(2);
    expect(meanfield('run', EXAMPLE, '--fast').code).toBe(2);
    expect(meanfield('help', 'run').stdout).toMatch(/^Usage: meanfield run FILE.mfproj/);
  });
});

describe('meanfield run', () => {
  it('re-computes the example headless; every run and branch matches the stored result', () => {
    const out = join(dir, 'rerun');
    const r = meanfield('run', EXAMPLE, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/run 1 \(ik_nodim, 100001 samples\): matches, max \|Δ\| = /);
    expect(r.stdout).toMatch(/branch 1 \(g in \[0, 3\], \d+ points, .*HB1.*\): matches/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.allMatch).toBe(true);
    expect(summary.runs).toHaveLength(2);
    const csv = readFileSync(join(out, 'run-2.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('t,r,v,u,s');
    expect(csv.length).toBeGreaterThan(100_001);
    expect(existsSync(join(out, 'branch-1.csv'))).toBe(true);
  });

  it('reports a stored result that differs (exit 1)', () => {
    const p = richProject(); // runs: ok, cancelled (3), blown up (4), array input, custom model (6)
    p.model = { kind: 'template', name: 'ik_nodim', version: getTemplate('ik_nodim')!.version };
    p.runs = p.runs.filter((r) => r.request.model === 'ik_nodim');
    delete p.forms.oscillator;
    p.view.plotted = ['r', 'v'];
    p.runs[0].result.columns[1][50] += 1e-3; // tampered
    const file = join(dir, 'tampered.mfproj');
    writeFileSync(file, serializeProject(p));
    const r = meanfield('run', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/run 1 \(ik_nodim, \d+ samples\): DIFFERS, max \|Δ\| = 1\.00e-3 in v, tolerance /);
    expect(r.stdout).toMatch(
      /run 3 \(ik_nodim, \d+ samples\): matches, max \|Δ\| = 0\.00e\+0 in \w+, tolerance .* \(stored run was cancelled after \d+ samples/,
    );
    expect(r.stdout).toMatch(/run 4 \(ik_nodim, \d+ samples\): matches/);
    expect(r.stdout).toMatch(/run 5 \(ik_nodim, \d+ samples\): matches/);
    expect(r.stdout).toMatch(/branch 2 \(g in \[1, 2\], .*\): matches/);
    expect(r.stdout).toMatch(/Some results differ/);
    expect(existsSync(join(dir, 'tampered-rerun', 'summary.json'))).toBe(true);
  });

  it('re-computes stored curves: a complete one, a cancelled one, one of a custom model; a tampered one differs', () => {
    const p = customProject();
    p.curves.push(cuspFoldCurve(3));
    p.models.push({ hash: modelHash(CUSP), current: true, def: CUSP });
    const file = join(dir, 'curves.mfproj');
    writeFileSync(file, serializeProject(p));
    const r = meanfield('run', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/curve 1 \(hopf curve from HB1 in \(g, eta\), \d+ points, .*GH1.*\): matches/);
    expect(r.stdout).toMatch(/curve 2 \(hopf curve from HB1 in \(g, eta\), \d+ points, .*\): matches, .*\(stored curve was cancelled after \d+ points/);
    expect(r.stdout).toMatch(new RegExp(`curve 3 \\(cusp #${shortHash(modelHash(CUSP))}, fold curve from LP1 in \\(a, b\\), \\d+ points, CP1\\): matches`));
    const summary = JSON.parse(readFileSync(join(dir, 'curves-rerun', 'summary.json'), 'utf8'));
    expect(summary.curves.map((c: { id: number; matches: boolean }) => [c.id, c.matches])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    const csv = readFileSync(join(dir, 'curves-rerun', 'curve-3.csv'), 'utf8').split('\n');
    expect(csv.find((l) => !l.startsWith('#'))).toBe('curve,kind,type,a,b,x,kappa,omega,converged,c');

    const tampered = customProject();
    tampered.curves[0].result.curve!.points[5].params[1] += 1e-6;
    const bad = join(dir, 'curves-tampered.mfproj');
    writeFileSync(bad, serializeProject(tampered));
    const t = meanfield('run', bad);
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/curve 1 \(.*\): DIFFERS, max \|Δ\| = 1\.00e-6 in eta/);
  });

  it('re-traces stored families of limit cycles: a complete one and a cancelled one match; a tampered one differs', () => {
    const cyclesOnly = (): Project => {
      const p = richProject();
      p.runs = [];
      p.curves = [];
      p.cycles = [cycleFamily(1, p.branches[0]), cycleFamily(2, p.branches[0], 12)];
      p.view = { ...p.view, selectedRun: null, selectedCurve: null };
      return p;
    };
    const p = cyclesOnly();
    const file = join(dir, 'cycles.mfproj');
    writeFileSync(file, serializeProject(p));
    const r = meanfield('run', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cycles 1 \(cycles from HB1 in g, \d+ points, LPC1\): matches/);
    expect(r.stdout).toMatch(/cycles 2 \(cycles from HB1 in g, \d+ points, LPC1\): matches, .*\(stored family was cancelled after \d+ points/);
    const summary = JSON.parse(readFileSync(join(dir, 'cycles-rerun', 'summary.json'), 'utf8'));
    expect(summary.cycles.map((c: { id: number; matches: boolean }) => [c.id, c.matches])).toEqual([
      [1, true],
      [2, true],
    ]);
    const csv = readFileSync(join(dir, 'cycles-rerun', 'cycles-1.csv'), 'utf8').split('\n');
    expect(csv.find((l) => !l.startsWith('#'))).toMatch(/^branch,type,p,period,stable,min_r,/);
    expect(meanfield('validate', file).stdout).toMatch(/2 branch\(es\), 0 curve\(s\), 2 cycle family\(ies\)/);

    // A changed period, or a changed maximum of r, is found.
    const tampered = cyclesOnly();
    tampered.cycles[0].result.branch!.points[5].period += 1e-4;
    tampered.cycles[1].result.branch!.points[3].max[0] += 1e-6;
    const bad = join(dir, 'cycles-tampered.mfproj');
    writeFileSync(bad, serializeProject(tampered));
    const t = meanfield('run', bad);
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/cycles 1 \(.*\): DIFFERS, max \|Δ\| = 1\.00e-4 in period/);
    expect(t.stdout).toMatch(/cycles 2 \(.*\): DIFFERS, max \|Δ\| = 1\.00e-6 in max r/);
  });

  it('re-computes custom-model runs and branches with the definition each was made with (an edited model too)', () => {
    const file = join(dir, 'own-models.mfproj');
    writeFileSync(file, serializeProject(customProject()));
    const r = meanfield('run', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [h, h0, hd] = [CUSTOM, CUSTOM_EARLIER, DECAY].map((d) => shortHash(modelHash(d)));
    expect(r.stdout).toMatch(new RegExp(`run 6 \\(oscillator #${h}, \\d+ samples\\): matches`));
    expect(r.stdout).toMatch(new RegExp(`run 7 \\(oscillator #${h0}, \\d+ samples\\): matches, max \\|Δ\\| = 0\\.00e\\+0`));
    expect(r.stdout).toMatch(new RegExp(`run 8 \\(decay #${hd}, \\d+ samples\\): matches`));
    expect(r.stdout).toMatch(new RegExp(`branch 3 \\(oscillator #${h0}, F in \\[0, 2\\], \\d+ points, .*\\): matches`));
    const summary = JSON.parse(readFileSync(join(dir, 'own-models-rerun', 'summary.json'), 'utf8'));
    expect(summary.allMatch).toBe(true);
    expect(summary.runs[6]).toMatchObject({ id: 7, model: 'oscillator', modelHash: modelHash(CUSTOM_EARLIER), matches: true });
    // Had the earlier run been re-computed with the edited definition, it would differ.
    const req = customProject().runs[6].request;
    const edited = simulate(compileModel(CUSTOM), { ...req, def: CUSTOM }, { onProgress: () => {}, isCancelled: () => false });
    const stored = customProject().runs[6].result;
    expect(Math.abs(edited.columns[0][40] - stored.columns[0][40])).toBeGreaterThan(1e-3);
  });

  it('re-runs a migrated version-2 custom-model project: every difference 0', () => {
    const out = join(dir, 'v2-custom');
    const r = meanfield('run', join(ROOT, 'test/fixtures/project-v2-custom.mfproj'), '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`run 1 \\(oscillator #${shortHash(modelHash(CUSTOM))}, 21 samples\\): matches, max \\|Δ\\| = 0\\.00e\\+0`));
    expect(r.stdout).toMatch(/run 2 \(ik_nodim, 11 samples\): matches, max \|Δ\| = 0\.00e\+0/);
  });

  it('re-runs a network run as a network (the same numbers), and flags a tampered one', () => {
    const rich = richProject();
    const p: Project = {
      ...rich,
      runs: [networkRun(1), networkRun(2, 'ik_nodim', { seed: 11, recovery: 'shared' })],
      view: { ...rich.view, selectedRun: null },
    };
    const file = join(dir, 'network.mfproj');
    writeFileSync(file, serializeProject(p));
    const r = meanfield('run', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/run 1 \(ik_nodim, 201 samples\): matches, max \|Δ\| = 0\.00e\+0/);
    expect(r.stdout).toMatch(/run 2 \(ik_nodim, 201 samples\): matches, max \|Δ\| = 0\.00e\+0/);
    p.runs[1].result.columns[0][100] += 1e-3;
    const bad = join(dir, 'network-tampered.mfproj');
    writeFileSync(bad, serializeProject(p));
    const t = meanfield('run', bad);
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/run 2 \(.*\): DIFFERS, max \|Δ\| = 1\.00e-3 in r/);
  });
});
