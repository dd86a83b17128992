/**
 * The security settings of the app window, as plain data so tests can check them without Electron
 * (see ./window.ts for where they are applied). Follows Electron's security checklist
 * (https://www.electronjs.org/docs/latest/tutorial/security): isolated, sandboxed renderer without
 * Node, a strict Content-Security-Policy, no navigation away from the app's own page.
 */
import { fileURLToPath } from 'node:url';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/**
 * The Content-Security-Policy sent with every response the window loads. No 'unsafe-inline' or
 * 'unsafe-eval' anywhere: scripts and styles come only from the app's own files (the renderer never
 * compiles code; model compilation happens in main's worker threads).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Development only (`npm run dev`, the Vite dev server): Vite injects component styles as <style>
 * elements and talks to its server over a WebSocket, so styles may be inline and ws: is allowed.
 * Scripts stay 'self' only. Never used for the built app (see ./window.ts).
 */
export const DEV_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
  "default-src 'self'",
  "default-src 'self'; connect-src 'self' ws://localhost:* ws://127.0.0.1:*",
);

/** Parses a CSP header value into directive -> sources (directive names lower-cased). */
export function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const tokens = part
      .trim()
      .split(/\s+/)
      .filter((s) => s !== '');
    if (tokens.length === 0) continue;
    const [name, ...sources] = tokens;
    out.set(name.toLowerCase(), sources);
  }
  return out;
}

/**
 * The renderer's web preferences. `preload` is the absolute path of the built sandboxed preload
 * (out/preload/preload.cjs); `packaged` (app.isPackaged) turns the developer tools off.
 */
export function secureWebPreferences(preload: string, packaged = true) {
  return {
    preload,
    devTools: !packaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Middle-click (auxclick) on a link would ask for a new window; those are denied anyway.
    disableBlinkFeatures: 'Auxclick',
  } as const;
}

/** Options of the main window (a plain object accepted by `new BrowserWindow`). */
export function mainWindowOptions(preload: string, packaged = true) {
  return {
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'MeanField Studio',
    show: false,
    webPreferences: secureWebPreferences(preload, packaged),
  };
}

/** `url` and `appUrl` parsed, or null when either is not a URL. */
function parseUrls(url: string, appUrl: string): [URL, URL] | null {
  try {
    return [new URL(url), new URL(appUrl)];
  } catch {
    return null;
  }
}

/**
 * Whether `url` is the app's own page. `appUrl` is what the window loads: the dev server URL
 * (any path on the same origin counts) or the file:// URL of the built index.html (only that file
 * counts; query and hash are ignored). Anything unparsable is refused.
 */
export function isAppPageUrl(url: string, appUrl: string): boolean {
  const parsed = parseUrls(url, appUrl);
  if (parsed === null) return false;
  const [u, app] = parsed;
  if (app.protocol === 'file:') {
    if (u.protocol !== 'file:' || u.host !== app.host) return false;
    try {
      return resolve(fileURLToPath(u)) === resolve(fileURLToPath(app));
    } catch {
      return false;
    }
  }
  if (app.protocol !== 'http:' && app.protocol !== 'https:') return false;
  return u.origin === app.origin;
}

/** The sender of an IPC call, as far as the check below needs it (Electron's WebFrameMain). */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * Whether an IPC call comes from the app's own page (`appUrl`, see isAppPageUrl) in its top frame.
 * A destroyed frame (null), a sub-frame or any other page is refused.
 */
export function isTrustedFrame(frame: SenderFrame | null | undefined, appUrl: string): boolean {
  if (frame === null || frame === undefined || frame.parent !== null) return false;
  return typeof frame.url === 'string' && isAppPageUrl(frame.url, appUrl);
}

/**
 * Whether the window may load `url` at all (session.webRequest.onBeforeRequest): nothing remote is
 * ever loaded. Built app (`appUrl` a file:// URL): only files inside the renderer's folder (the page
 * and its assets), plus data: and blob: URLs the page makes itself. Dev server (`appUrl` http):
 * that origin and its WebSocket (hot reload) only. DevTools' own pages (devtools:) are allowed; the
 * developer tools are off in packaged builds anyway. Anything else, unparsable URLs included, is refused.
 */
export function isAllowedRequestUrl(url: string, appUrl: string): boolean {
  const parsed = parseUrls(url, appUrl);
  if (parsed === null) return false;
  const [u, app] = parsed;
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'devtools:') return true;
  if (app.protocol === 'file:') {
    if (u.protocol !== 'file:' || u.host !== app.host) return false;
    try {
      const root = dirname(resolve(fileURLToPath(app)));
      const rel = relative(root, resolve(fileURLToPath(u)));
      return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    } catch {
      return false;
    }
  }
  if (app.protocol !== 'http:' && app.protocol !== 'https:') return false;
  if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin === app.origin;
  if (u.protocol === 'ws:' || u.protocol === 'wss:') return u.host === app.host;
  return false;
}

/**
 * Sites the app links to (the references cited in model descriptions and the help): the only
 * addresses `shell.openExternal` may open, in the user's browser.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['doi.org', 'arxiv.org', 'pyrates.readthedocs.io'];

/**
 * Whether a link the page asks to open may go to the user's browser: https only, on one of
 * EXTERNAL_LINK_HOSTS exactly (no subdomain tricks), default port, no user name or password.
 * Everything else (file:, http:, custom schemes that would start other programs) is refused.
 */
export function isAllowedExternalUrl(url: string): boolean {
  if (typeof url !== 'string' || url.length > 2048) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && u.username === '' && u.password === '' && u.port === '' && EXTERNAL_LINK_HOSTS.includes(u.hostname);
}

/**
 * Response headers with the app's CSP set (replacing any CSP header the response carried, whatever
 * its case). Does not modify `headers`.
 */
export function withCspHeader(headers: Record<string, string[]> | undefined, policy: string = CONTENT_SECURITY_POLICY): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() !== 'content-security-policy') out[key] = value;
  }
  out['Content-Security-Policy'] = [policy];
  return out;
}
