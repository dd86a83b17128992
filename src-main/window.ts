/**
 * The app window, locked down per Electron's security checklist: the options and CSP come from
 * ./security.ts (isolated, sandboxed, no Node); navigation away from the app's page, new windows and
 * permission requests are denied; every response carries the strict CSP header.
 */
import { BrowserWindow, type Session } from 'electron';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY, isAppPageUrl, mainWindowOptions, withCspHeader } from './security';

export interface WindowPaths {
  /** Absolute path of the built preload (out/preload/preload.cjs). */
  preload: string;
  /** What the window shows: the dev server URL or the file:// URL of out/renderer/index.html. */
  appUrl: string;
  /** Absolute path of out/renderer/index.html when not on the dev server. */
  rendererFile?: string;
}

const hardened = new WeakSet<Session>();

/**
 * Installs the CSP header and denies every permission request on `ses` (once per session).
 * `devServer`: the page comes from Vite's dev server (unpackaged `npm run dev` only), which needs
 * inline styles and its WebSocket.
 */
export function hardenSession(ses: Session, devServer = false): void {
  if (hardened.has(ses)) return;
  hardened.add(ses);
  const policy = devServer ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders, policy) });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** Creates and loads the main window; it shows itself once the first frame is ready. */
export function createMainWindow(paths: WindowPaths): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(paths.preload));
  const contents = win.webContents;
  hardenSession(contents.session, paths.rendererFile === undefined);

  contents.on('will-navigate', (event, url) => {
    if (!isAppPageUrl(url, paths.appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppPageUrl(url, paths.appUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());

  win.once('ready-to-show', () => win.show());
  if (paths.rendererFile !== undefined) void win.loadFile(paths.rendererFile);
  else void win.loadURL(paths.appUrl);
  return win;
}
