import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, channelOf } from '@shared/api';
import {
  CONTENT_SECURITY_POLICY,
  DEV_CONTENT_SECURITY_POLICY,
  EXTERNAL_LINK_HOSTS,
  isAllowedExternalUrl,
  isAllowedRequestUrl,
  isAppPageUrl,
  isTrustedFrame,
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
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.disableBlinkFeatures.split(',')).toContain('Auxclick');
    expect(prefs.preload).toBe('/app/out/preload/preload.cjs');
    expect(mainWindowOptions('/p.cjs', true).webPreferences).toEqual(secureWebPreferences('/p.cjs', true));
    // No option that would weaken any of this is set at all.
    expect(Object.keys(prefs)).not.toContain('enableRemoteModule');
    expect(Object.keys(prefs)).not.toContain('additionalArguments');
  });

  it('closes the developer tools in packaged builds (and by default)', () => {
    expect(mainWindowOptions('/p.cjs', true).webPreferences.devTools).toBe(false);
    expect(mainWindowOptions('/p.cjs').webPreferences.devTools).toBe(false);
    expect(mainWindowOptions('/p.cjs', false).webPreferences.devTools).toBe(true);
    // Everything else is the same when unpackaged.
    const { devTools: _a, ...packaged } = secureWebPreferences('/p.cjs', true);
    const { devTools: _b, ...unpackaged } = secureWebPreferences('/p.cjs', false);
    expect(unpackaged).toEqual(packaged);
  });

  it('relaxes only styles and the dev server socket in the dev-server policy', () => {
    const dev = parseCsp(DEV_CONTENT_SECURITY_POLICY);
    expect(dev.get('script-src')).toEqual(["'self'"]);
    expect(dev.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(DEV_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
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
      if (!header.has(directive))
        expect(
          sources.every((s) => s === "'self'" || s === "'none'"),
          directive,
        ).toBe(true);
    }
  });

  it('replaces any CSP header of a response, whatever its case', () => {
    const out = withCspHeader({ 'content-security-policy': ['script-src *'], 'X-Other': ['1'] });
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

describe('isTrustedFrame (the sender check of every IPC call)', () => {
  const appUrl = pathToFileURL(resolve(root, 'out/renderer/index.html')).href;
  it('accepts only the top frame of the app page', () => {
    expect(isTrustedFrame({ url: appUrl, parent: null }, appUrl)).toBe(true);
    expect(isTrustedFrame({ url: `${appUrl}#x`, parent: null }, appUrl)).toBe(true);
    expect(isTrustedFrame({ url: appUrl, parent: { url: appUrl } }, appUrl)).toBe(false);
    expect(isTrustedFrame({ url: 'https://evil.example/', parent: null }, appUrl)).toBe(false);
    expect(isTrustedFrame({ url: 'about:blank', parent: null }, appUrl)).toBe(false);
    expect(isTrustedFrame(null, appUrl)).toBe(false);
    expect(isTrustedFrame(undefined, appUrl)).toBe(false);
    expect(isTrustedFrame({ url: 42 as unknown as string, parent: null }, appUrl)).toBe(false);
  });
});

describe('isAllowedRequestUrl (no remote content)', () => {
  const page = resolve(root, 'out/renderer/index.html');
  const appUrl = pathToFileURL(page).href;
  const asset = (p: string) => pathToFileURL(resolve(root, 'out/renderer', p)).href;

  it('lets the built page load its own files and what it makes itself', () => {
    expect(isAllowedRequestUrl(appUrl, appUrl)).toBe(true);
    expect(isAllowedRequestUrl(asset('assets/index-abc.js'), appUrl)).toBe(true);
    expect(isAllowedRequestUrl(asset('assets/KaTeX_Main-Regular.woff2'), appUrl)).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA', appUrl)).toBe(true);
    expect(isAllowedRequestUrl('blob:file:///3c5f-11', appUrl)).toBe(true);
  });

  it('refuses the network, files outside the renderer folder and odd schemes', () => {
    for (const url of [
      'https://example.com/x.js',
      'http://127.0.0.1:5173/',
      'ws://localhost:5173/',
      'ftp://example.com/',
      pathToFileURL('/etc/passwd').href,
      pathToFileURL(resolve(root, 'out/main/index.js')).href,
      pathToFileURL(resolve(root, 'out/renderer-evil/index.html')).href,
      `${asset('')}/../../package.json`,
      'file://remote-host/share/x.js',
      'chrome://settings',
      'javascript:alert(1)',
      'not a url',
      '',
    ]) {
      expect(isAllowedRequestUrl(url, appUrl), url).toBe(false);
    }
  });

  it('on the dev server: that origin and its hot-reload socket only', () => {
    const dev = 'http://localhost:5173/';
    expect(isAllowedRequestUrl('http://localhost:5173/src/main.ts', dev)).toBe(true);
    expect(isAllowedRequestUrl('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequestUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAllowedRequestUrl('ws://localhost:9999/', dev)).toBe(false);
    expect(isAllowedRequestUrl('https://cdn.example.com/x.js', dev)).toBe(false);
    expect(isAllowedRequestUrl(pathToFileURL('/etc/passwd').href, dev)).toBe(false);
  });
});

describe('isAllowedExternalUrl (what shell.openExternal may open)', () => {
  it('allows https links to the reference sites', () => {
    expect(EXTERNAL_LINK_HOSTS).toContain('doi.org');
    expect(isAllowedExternalUrl('https://doi.org/10.1103/PhysRevE.101.022407')).toBe(true);
    expect(isAllowedExternalUrl('https://pyrates.readthedocs.io/en/latest/')).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/electron/electron/releases')).toBe(false); // downloads: not a reference site
    expect(isAllowedExternalUrl('https://arxiv.org/abs/2201.00000#x')).toBe(true);
  });

  it('refuses other schemes, hosts and tricks', () => {
    for (const url of [
      'http://doi.org/10.1/x',
      'file:///etc/passwd',
      'smb://doi.org/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'https://evil.example/',
      'https://doi.org.evil.example/',
      'https://evil-doi.org/',
      'https://sub.doi.org/',
      'https://user:pw@doi.org/',
      'https://doi.org:8443/',
      `https://doi.org/${'a'.repeat(3000)}`,
      'not a url',
      '',
      42 as unknown as string,
    ]) {
      expect(isAllowedExternalUrl(url), String(url).slice(0, 40)).toBe(false);
    }
  });
});

describe('the build (out/)', () => {
  beforeAll(() => ensureBuild());

  function builtFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = join(dir, e.name);
      return e.isDirectory() ? builtFiles(p) : /\.(c|m)?js$|\.html$/.test(e.name) ? [p] : [];
    });
  }

  it('uses no synchronous IPC and no remote module', () => {
    const files = builtFiles(resolve(root, 'out'));
    expect(files.length).toBeGreaterThan(4);
    for (const f of files) {
      const code = readFileSync(f, 'utf8');
      expect(code, f).not.toMatch(/sendSync/);
      expect(code, f).not.toMatch(/@electron\/remote/);
      expect(code, f).not.toMatch(/enableRemoteModule/);
    }
  });

  it("carries the source's strict meta CSP in the built page", () => {
    const html = readFileSync(resolve(root, 'out/renderer/index.html'), 'utf8');
    const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(metaCsp());
    // No script or style from anywhere else, no inline script or style element.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc="\.?\/)[^>]*>/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
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
