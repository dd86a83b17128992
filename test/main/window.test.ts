/**
 * src-main/window.ts and src-main/ipc.ts against a stand-in for Electron (Electron cannot launch
 * here): the options the window is really created with, what its session does with requests,
 * response headers and permission requests, navigation and new windows, and how IPC calls from
 * the app page and from anything else are served.
 */
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, channelOf, type Api } from '@shared/api';

type Listener = (...args: never[]) => unknown;

const fake = vi.hoisted(() => {
  const state = {
    windows: [] as { options: unknown; contents: unknown; loaded: string[] }[],
    opened: [] as string[],
    handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  };
  return state;
});

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class FakeSession {
    beforeRequest: Listener | null = null;
    headersReceived: Listener | null = null;
    permissionRequest: Listener | null = null;
    permissionCheck: Listener | null = null;
    webRequest = {
      onBeforeRequest: (l: Listener) => void (this.beforeRequest = l),
      onHeadersReceived: (l: Listener) => void (this.headersReceived = l),
    };
    setPermissionRequestHandler(l: Listener) {
      this.permissionRequest = l;
    }
    setPermissionCheckHandler(l: Listener) {
      this.permissionCheck = l;
    }
  }
  class FakeContents extends EventEmitter {
    session = new FakeSession();
    openHandler: Listener | null = null;
    setWindowOpenHandler(l: Listener) {
      this.openHandler = l;
    }
  }
  class BrowserWindow extends EventEmitter {
    webContents = new FakeContents();
    loaded: string[] = [];
    constructor(public options: unknown) {
      super();
      fake.windows.push({ options, contents: this.webContents, loaded: this.loaded });
    }
    loadFile(f: string) {
      this.loaded.push(f);
      return Promise.resolve();
    }
    loadURL(u: string) {
      this.loaded.push(u);
      return Promise.resolve();
    }
    show() {}
  }
  return {
    BrowserWindow,
    shell: { openExternal: async (url: string) => void fake.opened.push(url) },
    ipcMain: {
      handle: (channel: string, h: (event: unknown, ...args: unknown[]) => unknown) => void fake.handlers.set(channel, h),
      removeHandler: (channel: string) => void fake.handlers.delete(channel),
    },
  };
});

const { createMainWindow } = await import('../../src-main/window');
const { registerApi } = await import('../../src-main/ipc');
const { CONTENT_SECURITY_POLICY, mainWindowOptions } = await import('../../src-main/security');

const rendererFile = resolve(__dirname, '../../out/renderer/index.html');
const appUrl = pathToFileURL(rendererFile).href;

interface Contents extends EventEmitter {
  session: {
    beforeRequest: (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void;
    headersReceived: (d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void;
    permissionRequest: (c: unknown, p: string, cb: (ok: boolean) => void) => void;
    permissionCheck: () => boolean;
  };
  openHandler: (d: { url: string }) => { action: string };
}

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

function open(packaged: boolean) {
  createMainWindow({ preload: '/app/out/preload/preload.cjs', appUrl, rendererFile, packaged });
  const w = fake.windows.at(-1)!;
  return { ...w, contents: w.contents as Contents };
}

describe('createMainWindow', () => {
  it('creates the window with the secure options (devtools off when packaged) and loads the built page', () => {
    const w = open(true);
    expect(w.options).toEqual(mainWindowOptions('/app/out/preload/preload.cjs', true));
    expect((w.options as { webPreferences: { devTools: boolean } }).webPreferences.devTools).toBe(false);
    expect(w.loaded).toEqual([rendererFile]);
    expect((open(false).options as { webPreferences: { devTools: boolean } }).webPreferences.devTools).toBe(true);
  });

  it('cancels every request but the app files', () => {
    const { contents } = open(true);
    const answer = (url: string) => {
      let r: { cancel: boolean } | undefined;
      contents.session.beforeRequest({ url }, (x) => (r = x));
      return r?.cancel;
    };
    expect(answer(appUrl)).toBe(false);
    expect(answer(pathToFileURL(resolve(rendererFile, '../assets/index.js')).href)).toBe(false);
    expect(answer('https://example.com/tracker.js')).toBe(true);
    expect(answer(pathToFileURL('/etc/passwd').href)).toBe(true);
  });

  it('sets the strict CSP on every response, replacing one the response carried', () => {
    const { contents } = open(true);
    let headers: Record<string, string[]> = {};
    contents.session.headersReceived({ responseHeaders: { 'content-security-policy': ['script-src *'] } }, (r) => (headers = r.responseHeaders));
    expect(headers).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('denies every permission request and check', () => {
    const { contents } = open(true);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      let granted: boolean | undefined;
      contents.session.permissionRequest(null, p, (ok) => (granted = ok));
      expect(granted, p).toBe(false);
    }
    expect(contents.session.permissionCheck()).toBe(false);
  });

  it('stops navigation away from the app page and webviews', () => {
    const { contents } = open(true);
    const prevented = (event: string, ...args: unknown[]) => {
      let stopped = false;
      contents.emit(event, { preventDefault: () => (stopped = true) }, ...args);
      return stopped;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', pathToFileURL('/tmp/other.html').href)).toBe(true);
    expect(prevented('will-redirect', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', `${appUrl}#reload`)).toBe(false);
    expect(prevented('will-attach-webview', {}, {})).toBe(true);
  });

  it('never opens a window; reference links go to the browser, nothing else does', () => {
    const { contents } = open(true);
    fake.opened.length = 0;
    expect(contents.openHandler({ url: 'https://doi.org/10.1103/PhysRevE.101.022407' })).toEqual({ action: 'deny' });
    expect(contents.openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.openHandler({ url: 'http://doi.org/x' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://doi.org/10.1103/PhysRevE.101.022407']);
  });
});

describe('registerApi', () => {
  const calls: unknown[][] = [];
  const handlers = Object.fromEntries(
    API_METHODS.map((name) => [
      name,
      async (...args: unknown[]) => {
        calls.push([name, ...args]);
        if (args[0] === 'boom') throw new Error('handler bug');
        return `${name} ok`;
      },
    ]),
  ) as unknown as Api;

  it('registers exactly one channel per API method and removes them again', () => {
    const unregister = registerApi(handlers, appUrl);
    expect([...fake.handlers.keys()].sort()).toEqual(API_METHODS.map(channelOf).sort());
    unregister();
    expect(fake.handlers.size).toBe(0);
  });

  it("serves the app page's top frame and refuses any other sender before the handler runs", async () => {
    registerApi(handlers, appUrl);
    const invoke = (senderFrame: unknown, ...args: unknown[]) => fake.handlers.get(channelOf('listModels'))!({ senderFrame }, ...args);
    calls.length = 0;
    await expect(invoke({ url: appUrl, parent: null }, 'x')).resolves.toBe('listModels ok');
    expect(calls).toEqual([['listModels', 'x']]);
    await expect(invoke({ url: 'https://evil.example/', parent: null })).rejects.toThrow(/refused/);
    await expect(invoke({ url: appUrl, parent: { url: appUrl } })).rejects.toThrow(/refused/);
    await expect(invoke(null)).rejects.toThrow(/refused/);
    expect(calls.length).toBe(1);
  });

  it('turns a handler that throws into a rejected call with a plain message', async () => {
    registerApi(handlers, appUrl);
    const h = fake.handlers.get(channelOf('exportFile'))!;
    await expect(Promise.resolve(h({ senderFrame: { url: appUrl, parent: null } }, 'boom'))).rejects.toThrow('api.exportFile failed unexpectedly');
  });
});
