import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeProject } from '@shared/project/serialize';
import { appSupportIssues } from '@shared/project/support';
import { getTemplate } from '@shared/models/templates';
import { ensureBuild, ROOT } from './ensure-build';
import { meanfield } from './cli-run';
import { richProject } from '../shared/project/helpers';

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
    expect(r.stdout).toMatch(/valid project: 2 run\(s\), 1 branch\(es\)/);
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
    expect(meanfield('validate', file).stderr).toMatch(/^version: made by a newer MeanField Studio \(format version 9; this version reads up to 2\)/);
  });

  it("refuses, with the app's message, a valid project the app cannot open (a custom model)", () => {
    const p = richProject();
    const file = join(dir, 'custom.mfproj');
    writeFileSync(file, serializeProject(p));
    const r = meanfield('validate', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`model: ${appSupportIssues(p)[0].message}\n`);
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

  it('refuses a project with its own model exactly as validate does (one message, exit 1, nothing written)', () => {
    const p = richProject();
    const file = join(dir, 'own-model.mfproj');
    writeFileSync(file, serializeProject(p));
    const run = meanfield('run', file);
    const validate = meanfield('validate', file);
    expect(run.code).toBe(1);
    expect(validate.code).toBe(1);
    expect(run.stderr).toBe(`model: ${appSupportIssues(p)[0].message}\n`);
    expect(run.stderr).toBe(validate.stderr);
    expect(run.stdout).toBe('');
    expect(existsSync(join(dir, 'own-model-rerun'))).toBe(false);
  });
});
