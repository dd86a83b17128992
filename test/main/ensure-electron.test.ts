/**
 * scripts/ensure-electron.mjs (run before `npm start` and `npm run dev`): the decision whether the
 * Electron runtime must be fetched, and the one-line messages for what it cannot fix, without
 * touching the network. Download errors are built the way fetch and @electron/get throw them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './ensure-build';

interface Facts {
  version?: string;
  pathTxt?: string;
  distVersion?: string;
  binaryExists: boolean;
  execPathExists: boolean;
  platform: string;
  env: Record<string, string | undefined>;
}
type Decision = { action: 'ready' } | { action: 'install' } | { action: 'fail'; message: string };
interface EnsureModule {
  decide(facts: Facts): Decision;
  downloadFailureMessage(err: unknown, version: string): string;
  platformPath(platform: string): string | undefined;
}

let mod: EnsureModule;
beforeAll(async () => {
  mod = (await import(pathToFileURL(join(ROOT, 'scripts/ensure-electron.mjs')).href)) as EnsureModule;
});

/** A complete linux install of 45.5.0, with no environment overrides. */
const installed: Facts = {
  version: '45.5.0',
  pathTxt: 'electron',
  distVersion: 'v45.5.0',
  binaryExists: true,
  execPathExists: false,
  platform: 'linux',
  env: {},
};
const fresh: Facts = { ...installed, pathTxt: undefined, distVersion: undefined, binaryExists: false };

describe('decide', () => {
  it('is ready when path.txt names the platform binary, it exists and dist/version matches', () => {
    expect(mod.decide(installed)).toEqual({ action: 'ready' });
    expect(mod.decide({ ...installed, distVersion: '45.5.0\n' })).toEqual({ action: 'ready' });
    expect(mod.decide({ ...installed, platform: 'win32', pathTxt: 'electron.exe' })).toEqual({ action: 'ready' });
    expect(mod.decide({ ...installed, platform: 'darwin', pathTxt: 'Electron.app/Contents/MacOS/Electron' })).toEqual({ action: 'ready' });
  });

  it('installs after a plain npm install (no path.txt), or when any part is missing or stale', () => {
    expect(mod.decide(fresh)).toEqual({ action: 'install' });
    expect(mod.decide({ ...installed, binaryExists: false })).toEqual({ action: 'install' });
    expect(mod.decide({ ...installed, distVersion: undefined })).toEqual({ action: 'install' });
    expect(mod.decide({ ...installed, distVersion: 'v44.0.0' })).toEqual({ action: 'install' });
    // A path.txt for another platform (node_modules copied from a Mac).
    expect(mod.decide({ ...installed, pathTxt: 'Electron.app/Contents/MacOS/Electron' })).toEqual({ action: 'install' });
    // The installer's own platform override decides which binary is expected.
    expect(mod.decide({ ...installed, env: { ELECTRON_INSTALL_PLATFORM: 'win32' } })).toEqual({ action: 'install' });
  });

  it('uses ELECTRON_EXEC_PATH (which electron-vite runs) when it exists, and says so when it does not', () => {
    expect(mod.decide({ ...fresh, execPathExists: true, env: { ELECTRON_EXEC_PATH: '/opt/electron/electron' } })).toEqual({ action: 'ready' });
    const d = mod.decide({ ...installed, env: { ELECTRON_EXEC_PATH: '/opt/electron/electron' } });
    expect(d.action).toBe('fail');
    expect(d.action === 'fail' && d.message).toMatch(/^ELECTRON_EXEC_PATH is set to \/opt\/electron\/electron, which does not exist/);
  });

  it('never downloads when ELECTRON_SKIP_BINARY_DOWNLOAD is set, but says how to go on', () => {
    for (const v of ['1', 'true', 'yes']) {
      const d = mod.decide({ ...fresh, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: v } });
      expect(d.action).toBe('fail');
      expect(d.action === 'fail' && d.message).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD is set: unset it .* or set ELECTRON_EXEC_PATH/);
    }
    for (const v of ['', '0', 'false']) expect(mod.decide({ ...fresh, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: v } })).toEqual({ action: 'install' });
    // A complete install is used even then.
    expect(mod.decide({ ...installed, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })).toEqual({ action: 'ready' });
  });

  it('points ELECTRON_OVERRIDE_DIST_PATH users at ELECTRON_EXEC_PATH (electron-vite ignores the former)', () => {
    const d = mod.decide({ ...fresh, env: { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' } });
    expect(d).toEqual({
      action: 'fail',
      message: 'electron-vite does not use ELECTRON_OVERRIDE_DIST_PATH: set ELECTRON_EXEC_PATH=/opt/electron/electron instead.',
    });
    expect(mod.decide({ ...installed, env: { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' } })).toEqual({ action: 'ready' });
  });

  it('says what to run when node_modules/electron is missing, and refuses platforms Electron does not build for', () => {
    expect(mod.decide({ ...fresh, version: undefined })).toEqual({
      action: 'fail',
      message: 'node_modules/electron is missing: run `npm install` (or `npm ci`) first.',
    });
    const d = mod.decide({ ...fresh, platform: 'aix' });
    expect(d.action === 'fail' && d.message).toMatch(/no builds for the platform 'aix'/);
    expect(mod.platformPath('aix')).toBeUndefined();
  });

  it('expects the binary where Electron 45 installs it (install.js getPlatformPath)', () => {
    const install = readFileSync(join(ROOT, 'node_modules/electron/install.js'), 'utf8');
    for (const [platform, path] of [
      ['linux', 'electron'],
      ['win32', 'electron.exe'],
      ['darwin', 'Electron.app/Contents/MacOS/Electron'],
    ]) {
      expect(mod.platformPath(platform)).toBe(path);
      expect(install).toContain(`return '${path}'`);
    }
  });
});

/** A fetch failure as undici throws it: TypeError('fetch failed') with the system error as cause. */
function fetchFailed(code: string, extra: Record<string, unknown>): Error {
  const cause = Object.assign(new Error(`${code} ${JSON.stringify(extra)}`), { code, ...extra });
  return Object.assign(new TypeError('fetch failed'), { cause });
}

/** @electron/get's HTTPError. */
function httpError(status: number, statusText: string, url: string): Error {
  return Object.assign(new Error(`Response code ${status} (${statusText}) for ${url}`), { name: 'HTTPError', response: { status, statusText, url } });
}

describe('downloadFailureMessage', () => {
  const oneLine = (m: string) => {
    expect(m.split('\n')).toHaveLength(1);
    expect(m).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack frames
    expect(m).toMatch(/^The Electron 45\.5\.0 runtime is not installed and could not be downloaded: /);
    expect(m).toMatch(/To fix: when online run `node node_modules\/electron\/install\.js`.*ELECTRON_MIRROR.*ELECTRON_EXEC_PATH/);
    return m;
  };

  it('names a DNS failure with the host', () => {
    const m = oneLine(mod.downloadFailureMessage(fetchFailed('ENOTFOUND', { hostname: 'github.com', syscall: 'getaddrinfo' }), '45.5.0'));
    expect(m).toContain('the download server github.com could not be found (no network or no DNS)');
    expect(oneLine(mod.downloadFailureMessage(fetchFailed('EAI_AGAIN', { hostname: 'github.com' }), '45.5.0'))).toContain('github.com could not be found');
  });

  it('names a refused connection with the address', () => {
    const m = oneLine(mod.downloadFailureMessage(fetchFailed('ECONNREFUSED', { address: '127.0.0.1', port: 8080 }), '45.5.0'));
    expect(m).toContain('the connection to the download server 127.0.0.1:8080 was refused');
    expect(oneLine(mod.downloadFailureMessage(fetchFailed('ETIMEDOUT', { address: '10.0.0.1' }), '45.5.0'))).toContain('could not be reached (ETIMEDOUT)');
  });

  it('names a 404 (no such release on the mirror) with the URL, and other HTTP statuses', () => {
    const url = 'https://mirror.example.org/v45.5.0/electron-v45.5.0-linux-x64.zip';
    const m = oneLine(mod.downloadFailureMessage(httpError(404, 'Not Found', url), '45.5.0'));
    expect(m).toContain(`the download server has no Electron 45.5.0 for this platform (HTTP 404 for ${url})`);
    expect(oneLine(mod.downloadFailureMessage(httpError(503, 'Service Unavailable', url), '45.5.0'))).toContain(`HTTP 503 for ${url}`);
  });

  it('quotes anything else by its first line only', () => {
    const err = new Error('Generated checksum for "electron-v45.5.0-linux-x64.zip" did not match expected checksum.\nmore detail');
    expect(oneLine(mod.downloadFailureMessage(err, '45.5.0'))).toContain('failed its checksum (Generated checksum for');
    const odd = new Error('something odd\n    at f (/x.js:1:2)');
    const m = oneLine(mod.downloadFailureMessage(odd, '45.5.0'));
    expect(m).toContain(': something odd. To fix');
    expect(oneLine(mod.downloadFailureMessage(Object.assign(new TypeError('fetch failed'), { cause: new Error('bad port') }), '45.5.0'))).toContain(
      'fetch failed: bad port',
    );
  });
});

describe('package scripts', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  it('fetch the runtime before start and dev, and never in test, build or CI', () => {
    expect(pkg.scripts.prestart).toBe('node scripts/ensure-electron.mjs');
    expect(pkg.scripts.predev).toBe('node scripts/ensure-electron.mjs');
    for (const name of ['test', 'build', 'prepare', 'pretest', 'prebuild']) expect(pkg.scripts[name] ?? '').not.toContain('ensure-electron');
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).not.toMatch(/ensure-electron|npm (run )?start|install\.js/);
  });
});
