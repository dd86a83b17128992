/**
 * The electron-builder configuration (package.json "build"), checked offline: `electron-builder
 * --linux dir` with a stub Electron (electronDist, see docs/toolchain "Packaging offline") must
 * produce an app.asar holding the built main, preload, worker and renderer and nothing from the
 * sources or tests; the engine worker, its chunks and its runtime dependencies unpacked (so worker
 * threads load from the real file system); the example in resources/. The unpacked worker is then
 * run for real (plain Node stands in for Electron's) through the path main computes for a packaged
 * app.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPackage, statFile } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SOLVER } from '@shared/simulation/types';
import { workerScriptPath } from '../../src-main/app-paths';
import { JobService } from '../../src-main/services/jobs';
import { ensureBuild, ROOT } from './ensure-build';

interface BuildConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  fileAssociations: { ext: string; mimeType: string; description: string; name: string }[];
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  extraResources: { from: string; to: string }[];
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; build: BuildConfig };

let tmp = '';
let resources = '';
let asar = '';
let entries: string[] = [];

beforeAll(() => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'meanfield-package-'));
  const stub = join(tmp, 'electron-stub');
  mkdirSync(stub);
  writeFileSync(join(stub, 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(stub, 'electron'), 0o755);
  const output = join(tmp, 'dist');
  execFileSync('npx', ['electron-builder', '--linux', 'dir', `-c.electronDist=${stub}`, `-c.directories.output=${output}`], {
    cwd: ROOT,
    stdio: 'pipe',
    timeout: 120_000,
    env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
  });
  resources = join(output, 'linux-unpacked', 'resources');
  asar = join(resources, 'app.asar');
  entries = listPackage(asar, { isPack: false }).map((e) => e.replace(/\\/g, '/'));
}, 120_000);

afterAll(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

describe('the packaging configuration', () => {
  it('names the app and its targets, icons and the .mfproj association', () => {
    const b = pkg.build;
    expect(b.appId).toBe('org.meanfield.studio');
    expect(b.productName).toBe('MeanField Studio');
    expect(b.linux.target.sort()).toEqual(['AppImage', 'deb']);
    expect(b.win.target).toEqual(['nsis']);
    expect(b.mac.target).toEqual(['dmg']);
    expect(b.fileAssociations).toEqual([expect.objectContaining({ ext: 'mfproj', mimeType: 'application/x-meanfield-project' })]);
    expect(b.fileAssociations[0].description).toMatch(/MeanField/);
    expect(existsSync(join(ROOT, b.win.icon))).toBe(true);
    expect(existsSync(join(ROOT, b.mac.icon))).toBe(true);
    for (const n of [16, 32, 48, 64, 128, 256, 512]) expect(existsSync(join(ROOT, b.linux.icon, `${n}x${n}.png`)), `${n}x${n}`).toBe(true);
    // The command line (out/cli) is not part of the app.
    expect(b.files.sort()).toEqual(['!out/cli/**', 'out/**', 'package.json']);
  });
});

describe('electron-builder --linux dir (stub Electron)', () => {
  it('puts the built main, preload, worker and renderer in app.asar', () => {
    for (const f of ['/package.json', `/${pkg.main}`, '/out/main/worker.js', '/out/preload/preload.cjs', '/out/renderer/index.html']) {
      expect(entries, f).toContain(f);
    }
    expect(entries.some((e) => /^\/out\/renderer\/assets\/index-[^/]+\.js$/.test(e))).toBe(true);
    const packaged = JSON.parse(readFileSync(join(resources, 'app.asar.unpacked', 'package.json'), 'utf8'));
    expect(packaged.main).toBe(pkg.main);
    expect(packaged.type).toBe('module');
    expect(packaged.build).toBeUndefined();
  });

  it('holds nothing from the sources, tests or tools', () => {
    const ours = entries.filter((e) => e !== '/node_modules' && !e.startsWith('/node_modules/'));
    const foreign = ours.filter((e) => !(e === '/package.json' || e === '/out' || e.startsWith('/out/')));
    expect(foreign).toEqual([]);
    expect(ours.filter((e) => /\.(ts|svelte|map)$/.test(e))).toEqual([]);
    // node_modules: none (main, worker and CLI bundle their libraries), so no dev tools either.
    const modules = new Set(entries.map((e) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(e)?.[1]).filter((m) => m !== undefined));
    expect([...modules].sort()).toEqual([]);
  });

  it('unpacks the worker, its chunks and its runtime dependencies', () => {
    const unpacked = (f: string) => (statFile(asar, f.slice(1)) as { unpacked?: boolean }).unpacked === true;
    expect(unpacked('/out/main/worker.js')).toBe(true);
    const chunks = entries.filter((e) => /^\/out\/main\/chunks\/[^/]+\.js$/.test(e));
    expect(chunks.length).toBeGreaterThan(0);
    for (const c of chunks) expect(unpacked(c), c).toBe(true);
    expect(unpacked('/out/main/index.js')).toBe(false);
    expect(unpacked('/out/renderer/index.html')).toBe(false);
    for (const c of chunks) expect(existsSync(join(resources, 'app.asar.unpacked', c)), c).toBe(true);
  });

  it('ships the example project in resources/examples', () => {
    const shipped = join(resources, 'examples', 'pyrates-izhikevich.mfproj');
    expect(readFileSync(shipped, 'utf8')).toBe(readFileSync(join(ROOT, 'examples', 'pyrates-izhikevich.mfproj'), 'utf8'));
  });

  it('runs a simulation in a worker started from the path main uses when packaged', async () => {
    const mainDir = join(resources, 'app.asar', 'out', 'main');
    const workerPath = workerScriptPath(mainDir, existsSync);
    expect(workerPath).toBe(join(resources, 'app.asar.unpacked', 'out', 'main', 'worker.js'));
    const jobs = new JobService({ workerPath, poolSize: 1 });
    try {
      const id = jobs.start({
        model: 'ik_nodim',
        params: {},
        initial: {},
        inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [] } },
        solver: { ...DEFAULT_SOLVER, tEnd: 5, sample: 1 },
      });
      for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
        const p = jobs.poll(id);
        if (p.state === 'running') {
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        if (p.state !== 'finished' || p.kind !== 'simulation') throw new Error(`the packaged worker did not run: ${JSON.stringify(p)}`);
        expect(p.result.status).toBe('ok');
        expect(Array.from(p.result.t)).toEqual([0, 1, 2, 3, 4, 5]);
        return;
      }
      throw new Error('the packaged worker did not finish');
    } finally {
      await jobs.dispose();
    }
  });
});
