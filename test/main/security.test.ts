import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, channelOf } from '@shared/api';
import {
  CONTENT_SECURITY_POLICY,
  isAppPageUrl,
  mainWindowOptions,
  parseCsp,
  secureWebPreferences,
  withCspHeader,
} from '../../src-main/security';
import { ensureBuild, PRELOAD_CJS } from './ensure-build';

const root = resolve(__dirname, '../..');

/** The CSP of src-renderer/index.html's <meta http-equiv="Content-Security-Policy">. */
function metaCsp(): string {
  const html = readFileSync(resolve(root, 'src-renderer/index.html'), 'utf8');
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  expect(m, 'index.html has a CSP meta tag').not.toBeNull();
  return m![1];
}

/** Asserts the properties that make a CSP strict for this app. */
function expectStrict(policy: string): void {
  const csp = parseCsp(policy);
  expect(policy).not.toMatch(/unsafe-(eval|inline|hashes)|wasm-unsafe-eval|strict-dynamic/);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('style-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'none'"]);
  for (const [, sources] of csp) {
    expect(sources).not.toContain('*');
    expect(sources.some((s) => /^(https?|wss?):?$/.test(s))).toBe(false);
  }
}

describe('window security settings', () => {
  it('isolates and sandboxes the renderer without Node', () => {
    const prefs = secureWebPreferences('/app/out/preload/preload.cjs');
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/app/out/preload/preload.cjs');
    expect(mainWindowOptions('/p.cjs').webPreferences).toEqual(secureWebPreferences('/p.cjs'));
  });

  it('sends a strict Content-Security-Policy', () => {
    expectStrict(CONTENT_SECURITY_POLICY);
    expect(parseCsp(CONTENT_SECURITY_POLICY).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it("keeps src-renderer/index.html's meta CSP as strict as the header", () => {
    const meta = metaCsp();
    expectStrict(meta);
    const header = parseCsp(CONTENT_SECURITY_POLICY);
    const fromMeta = parseCsp(meta);
    for (const [directive, sources] of header) {
      expect(fromMeta.get(directive), directive).toEqual(sources);
    }
    // Any extra directive in the meta tag may only narrow what default-src allows.
    for (const [directive, sources] of fromMeta) {
      if (!header.has(directive)) expect(sources.every((s) => s === "'self'" || s === "'none'"), directive).toBe(true);
    }
  });

  it('replaces any CSP header of a response, whatever its case', () => {
    const out = withCspHeader({ 'content-security-policy': ["script-src *"], 'X-Other': ['1'] });
    expect(out['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(out['content-security-policy']).toBeUndefined();
    expect(out['X-Other']).toEqual(['1']);
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('isAppPageUrl', () => {
  const file = resolve(root, 'out/renderer/index.html');
  const fileUrl = pathToFileURL(file).href;

  it('accepts the built page itself, with any hash or query', () => {
    expect(isAppPageUrl(fileUrl, fileUrl)).toBe(true);
    expect(isAppPageUrl(`${fileUrl}#/runs`, fileUrl)).toBe(true);
    expect(isAppPageUrl(`${fileUrl}?x=1`, fileUrl)).toBe(true);
  });

  it('refuses other files, other schemes and garbage', () => {
    expect(isAppPageUrl(pathToFileURL(resolve(root, 'out/renderer/other.html')).href, fileUrl)).toBe(false);
    expect(isAppPageUrl(pathToFileURL('/etc/passwd').href, fileUrl)).toBe(false);
    expect(isAppPageUrl('file:///../out/renderer/index.html', fileUrl)).toBe(false);
    expect(isAppPageUrl('https://example.com/', fileUrl)).toBe(false);
    expect(isAppPageUrl('about:blank', fileUrl)).toBe(false);
    expect(isAppPageUrl('not a url', fileUrl)).toBe(false);
    expect(isAppPageUrl('', fileUrl)).toBe(false);
  });

  it('accepts the dev server origin only', () => {
    const dev = 'http://localhost:5173/';
    expect(isAppPageUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppPageUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppPageUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isAppPageUrl('http://localhost.evil.com:5173/', dev)).toBe(false);
    expect(isAppPageUrl(fileUrl, dev)).toBe(false);
  });
});

describe('the built preload (out/preload/preload.cjs)', () => {
  beforeAll(() => ensureBuild());

  /** Runs the preload bundle against a stand-in for Electron and records what it does. */
  function loadPreload() {
    const required: string[] = [];
    const exposed: [string, unknown][] = [];
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.push([key, value]) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve('answer');
        },
      },
    };
    const module = { exports: {} };
    const require = (id: string) => {
      required.push(id);
      if (id !== 'electron') throw new Error(`a sandboxed preload cannot require '${id}'`);
      return electron;
    };
    runInNewContext(readFileSync(PRELOAD_CJS, 'utf8'), { require, module, exports: module.exports });
    return { required, exposed, invoked };
  }

  it('requires only electron and exposes exactly one function per API method', async () => {
    const { required, exposed, invoked } = loadPreload();
    expect([...new Set(required)]).toEqual(['electron']);
    expect(exposed.map(([key]) => key)).toEqual(['api']);
    const api = exposed[0][1] as Record<string, (...a: unknown[]) => Promise<unknown>>;
    expect(Object.keys(api)).toEqual([...API_METHODS]);
    expect(Object.isFrozen(api)).toBe(true);
    for (const name of API_METHODS) {
      expect(typeof api[name]).toBe('function');
      await expect(api[name]('arg')).resolves.toBe('answer');
      expect(invoked.at(-1)).toEqual([channelOf(name), 'arg']);
    }
  });

  it('has no generic send bridge', () => {
    const code = readFileSync(PRELOAD_CJS, 'utf8');
    expect(code).not.toMatch(/\.(send|sendSync|sendToHost|postMessage|on|once)\(/);
  });
});
