/**
 * The app window, locked down per Electron's security checklist: the options and CSP come from
 * ./security.ts (isolated, sandboxed, no Node, devtools off when packaged); navigation away from the
 * app's page, new windows and permission requests are denied; every request for anything but the
 * app's own files is cancelled; every response carries the strict CSP header. An https link to a
 * known reference site (isAllowedExternalUrl) opens in the user's browser instead of a window.
 */
import { BrowserWindow, shell, type Session } from 'electron';
import {
  CONTENT_SECURITY_POLICY,
  DEV_CONTENT_SECURITY_POLICY,
  isAllowedExternalUrl,
  isAllowedRequestUrl,
  isAppPageUrl,
  mainWindowOptions,
  withCspHeader,
} from './security';

export interface WindowPaths {
  /** Absolute path of the built preload (out/preload/preload.cjs). */
  preload: string;
  /** What the window shows: the dev server URL or the file:// URL of out/renderer/index.html. */
  appUrl: string;
  /** Absolute path of out/renderer/index.html when not on the dev server. */
  rendererFile?: string;
  /** app.isPackaged: developer tools off. */
  packaged: boolean;
}

const hardened = new WeakSet<Session>();

/**
 * Cancels requests for anything but the app's own files, installs the CSP header and denies every permission request on `ses` (once per session).
 * `devServer`: the page comes from Vite's dev server (unpackaged `npm run dev` only), which needs
 * inline styles and its WebSocket.
 */
export function hardenSession(ses: Session, appUrl: string, devServer = false): void {
  if (hardened.has(ses)) return;
  hardened.add(ses);
  const policy = devServer ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url, appUrl);
    if (!allowed) console.warn(`Blocked a request for ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders, policy) });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** Creates and loads the main window; it shows itself once the first frame is ready. */
export function createMainWindow(paths: WindowPaths): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(paths.preload, paths.packaged));
  const contents = win.webContents;
  hardenSession(contents.session, paths.appUrl, paths.rendererFile === undefined);

  contents.on('will-navigate', (event, url) => {
    if (!isAppPageUrl(url, paths.appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppPageUrl(url, paths.appUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(openLinkHandler);
  contents.on('will-attach-webview', (event) => event.preventDefault());

  win.once('ready-to-show', () => win.show());
  if (paths.rendererFile !== undefined) void win.loadFile(paths.rendererFile);
  else void win.loadURL(paths.appUrl);
  return win;
}

/**
 * setWindowOpenHandler for every web contents: never a new window; an allowed https reference link
 * (isAllowedExternalUrl) is handed to the user's browser, anything else is dropped.
 */
export function openLinkHandler(details: { url: string }): { action: 'deny' } {
  if (isAllowedExternalUrl(details.url)) {
    void shell.openExternal(details.url).catch((e: unknown) => console.warn(`Could not open ${details.url}:`, e));
  } else {
    console.warn(`Refused to open ${String(details.url).slice(0, 200)}`);
  }
  return { action: 'deny' };
}
