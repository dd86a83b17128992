/**
 * Drives the built renderer (out/renderer) in headless Chromium with window.api routed to the real
 * main-process handlers (createHandlers + a JobService on out/main/worker.js), as the Electron
 * preload would. Used by the end-to-end tests and by scripts/screenshots.ts.
 *
 * - The renderer is served from 127.0.0.1 on an ephemeral port (module scripts do not load from
 *   file://); the page keeps its strict Content-Security-Policy.
 * - window.api: `page.exposeBinding('__invoke')` plus an init script that defines a frozen
 *   `window.api` with one function per name in API_METHODS, nothing else.
 * - Every API call is recorded in `calls` (method name and time), so tests can assert that nothing
 *   started a job. Exports are written to a temporary directory (`exportDir`).
 * - Console errors, page errors, failed loads (except /favicon.ico) and CSP violations are
 *   collected in `errors`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { API_METHODS, type Api, type ApiMethod, type DiscardChoice, type JobKind } from '@shared/api';
import { createHandlers } from '../../src-main/services/handlers';
import { JobService } from '../../src-main/services/jobs';
import { MenuCommandQueue } from '../../src-main/services/menu-commands';
import { DocumentSession } from '../../src-main/services/project-handlers';
import { createProjectIo } from '../../src-main/services/project-io';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RENDERER_DIR = join(ROOT, 'out/renderer');
export const WORKER_JS = join(ROOT, 'out/main/worker.js');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Runs `electron-vite build` when out/ is missing or older than any source (npm test builds first). */
export function ensureAppBuild(): void {
  const outputs = [WORKER_JS, join(RENDERER_DIR, 'index.html')];
  const built = outputs.every(existsSync) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
  const sources = Math.max(...['src-main', 'src-shared', 'src-renderer'].map((d) => newestMtime(join(ROOT, d))));
  if (built > sources) return;
  execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves `dir` read-only on 127.0.0.1 (ephemeral port). */
export async function serveDir(dir: string): Promise<{ url: string; server: Server }> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}

/**
 * The few browser globals the page-side callbacks below use, typed here because the node tsconfig
 * (which checks tests and scripts) has no DOM library.
 */
interface PageElement {
  getAttribute(name: string): string | null;
  scrollTo(x: number, y: number): void;
  blur(): void;
}
interface PageGlobals {
  document: {
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): { length: number };
    activeElement: PageElement | null;
    addEventListener(type: string, fn: (e: { violatedDirective: string; blockedURI: string }) => void): void;
  };
  console: { error(message: string): void };
  __invoke(method: string, args: unknown[]): Promise<unknown>;
  __mfTest?: { charts(): ChartData[] };
}

export interface ApiCall {
  method: ApiMethod;
  at: number;
  /** startJob: the kind of job asked for. */
  kind?: JobKind;
}

export interface StudioSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  handlers: Api;
  /** Every window.api call the page made, in order. */
  calls: ApiCall[];
  /** Where exportFile writes (the stand-in for the save dialog). */
  exportDir: string;
  /** Console errors, uncaught page errors and CSP violations seen so far. */
  errors: string[];
  /**
   * The stand-ins for the native project dialogs: each call takes the next answer (an empty queue
   * answers "cancelled"; `replaces`, the "already exists, replace?" question, answers no). An answer
   * may be a promise: the dialog stays open until it settles. Also the menu-command queue main's
   * menu would fill.
   */
  dialogs: ProjectDialogs;
  menu: MenuCommandQueue;
  /** Main's view of the open document (path, name, unsaved changes), as the window sees it. */
  document: DocumentSession;
  /** The user-data folder (recovery copy, recent list). */
  userDataDir: string;
  /** Number of calls of one API method so far. */
  count(method: ApiMethod): number;
  /** Number of jobs of one kind started so far (startJob calls, accepted or not). */
  countJobs(kind: JobKind): number;
  close(): Promise<void>;
}

type Answer<T> = T | Promise<T>;

export interface ProjectDialogs {
  savePaths: Answer<string | null>[];
  openPaths: Answer<string | null>[];
  confirms: Answer<DiscardChoice>[];
  replaces: Answer<boolean>[];
  /** Files chosen in Import Model…'s open dialog (exports of models go to `exportDir`). */
  modelFiles: Answer<string | null>[];
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  /** Open with `?test` so window.__mfTest exposes the charts' data (default true). */
  testHook?: boolean;
  deviceScaleFactor?: number;
  /** User-data folder to use (default: a new temporary one, removed on close). */
  userDataDir?: string;
  /**
   * Write the crash-recovery copy every this many ms instead of every 30 s (the page's
   * `?test&recoveryMs=N`, honoured only with the test hook).
   */
  recoveryIntervalMs?: number;
}

/** Builds if needed, starts the handlers, the server and Chromium, and opens the app. */
export async function openStudio(options: OpenOptions = {}): Promise<StudioSession> {
  ensureAppBuild();
  const exportDir = mkdtempSync(join(tmpdir(), 'meanfield-e2e-'));
  const jobs = new JobService({ workerPath: WORKER_JS, poolSize: 1 });
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'meanfield-e2e-user-'));
  const dialogs: ProjectDialogs = { savePaths: [], openPaths: [], confirms: [], replaces: [], modelFiles: [] };
  const menu = new MenuCommandQueue();
  const document = new DocumentSession();
  const handlers = createHandlers({
    jobs,
    session: document,
    chooseSavePath: async (name) => join(exportDir, name),
    modelFiles: {
      chooseModelFile: async () => (await dialogs.modelFiles.shift()) ?? null,
      chooseModelSavePath: async (name) => join(exportDir, name),
    },
    project: {
      ...createProjectIo(userDataDir),
      menu,
      examplePath: join(ROOT, 'examples', 'pyrates-izhikevich.mfproj'),
      chooseSavePath: async () => (await dialogs.savePaths.shift()) ?? null,
      chooseOpenPath: async () => (await dialogs.openPaths.shift()) ?? null,
      confirmDiscard: async () => (await dialogs.confirms.shift()) ?? 'cancel',
      confirmReplace: async () => (await dialogs.replaces.shift()) ?? false,
    },
  });
  const { url, server } = await serveDir(RENDERER_DIR);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1400, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
  });
  const page = await context.newPage();
  const calls: ApiCall[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    const text = m.text();
    // Failed loads are reported with their URL below; a <meta> CSP cannot carry frame-ancestors
    // (Electron's window sets it by header), which Chromium notes as a console error.
    if (m.type() !== 'error' || text.startsWith('Failed to load resource')) return;
    if (text.includes("'frame-ancestors' is ignored when delivered via a <meta> element")) return;
    errors.push(text);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => errors.push(e.message));

  await page.exposeBinding('__invoke', async (_source, method: string, args: unknown[]) => {
    if (!(API_METHODS as readonly string[]).includes(method)) throw new Error(`not an API method: ${method}`);
    const kind = method === 'startJob' && Array.isArray(args) ? (args[0] as { kind?: JobKind } | undefined)?.kind : undefined;
    calls.push({ method: method as ApiMethod, at: Date.now(), ...(kind !== undefined ? { kind } : {}) });
    const fn = handlers[method as ApiMethod] as (...a: unknown[]) => Promise<unknown>;
    return fn(...(Array.isArray(args) ? args : []));
  });
  await page.addInitScript((methods: readonly string[]) => {
    const g = globalThis as unknown as PageGlobals;
    const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const m of methods) api[m] = (...args: unknown[]) => g.__invoke(m, args);
    Object.defineProperty(g, 'api', { value: Object.freeze(api), writable: false, configurable: false });
    g.document.addEventListener('securitypolicyviolation', (e) => g.console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  }, API_METHODS);

  const recoveryQuery = options.recoveryIntervalMs === undefined ? '' : `&recoveryMs=${options.recoveryIntervalMs}`;
  await page.goto(options.testHook === false ? url : `${url}?test${recoveryQuery}`);
  await page.getByTestId('param-g').waitFor();

  return {
    browser,
    context,
    page,
    handlers,
    calls,
    exportDir,
    errors,
    dialogs,
    menu,
    document,
    userDataDir,
    count: (method) => calls.filter((c) => c.method === method).length,
    countJobs: (kind) => calls.filter((c) => c.method === 'startJob' && c.kind === kind).length,
    async close() {
      await browser.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      menu.dispose();
      await jobs.dispose();
      rmSync(exportDir, { recursive: true, force: true });
      if (options.userDataDir === undefined) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Replaces the text of the field with test id `testid` as a user would (select all, type). */
export async function fill(page: Page, testid: string, text: string): Promise<void> {
  await page.getByTestId(testid).fill(text);
}

export interface SeedSettings {
  g: number;
  tEnd?: number;
}

/**
 * Sets the seed scenario through the UI: I_ext baseline 0.15 with a window 400 <= t < 600 of 0
 * (added once), T = 1000, dt = 5e-4, sample 0.01, rk4, and g.
 */
export async function setSeedScenario(page: Page, s: SeedSettings): Promise<void> {
  await fill(page, 'input-I_ext-baseline', '0.15');
  if ((await page.getByTestId('input-I_ext-w0-start').count()) === 0) {
    await page.getByTestId('input-I_ext-add-window').click();
  }
  await fill(page, 'input-I_ext-w0-start', '400');
  await fill(page, 'input-I_ext-w0-stop', '600');
  await fill(page, 'input-I_ext-w0-value', '0');
  await page.getByTestId('solver-method').selectOption('rk4');
  await fill(page, 'solver-tEnd', String(s.tEnd ?? 1000));
  await fill(page, 'solver-dt', '5e-4');
  await fill(page, 'solver-sample', '0.01');
  await fill(page, 'param-g', String(s.g));
}

/** Clicks Run and waits until the run list holds `runs` runs and no job is running. */
export async function runAndWait(page: Page, runs: number, timeoutMs = 60_000): Promise<void> {
  await page.getByTestId('run').click();
  await page.waitForFunction(
    (n) => {
      const d = (globalThis as unknown as PageGlobals).document;
      return d.querySelectorAll('[data-testid="run-item"]').length === n && d.querySelector('[data-testid="status"]')?.getAttribute('data-phase') === 'idle';
    },
    runs,
    // Polled on a timer: headless Chromium can hold back animation frames while idle.
    { timeout: timeoutMs, polling: 100 },
  );
}

/** Blurs the focused element and scrolls the sidebar to its top (for screenshots). */
export async function tidyView(page: Page): Promise<void> {
  await page.evaluate(() => {
    const d = (globalThis as unknown as PageGlobals).document;
    d.activeElement?.blur();
    d.querySelector('aside .scroll')?.scrollTo(0, 0);
  });
}

export interface ChartData {
  name: string;
  labels: string[];
  x: number[];
  ys: (number | null)[][];
  xRange: [number, number];
}

/** The data the mounted charts hold (needs the page opened with the test hook). */
export async function chartData(page: Page): Promise<ChartData[]> {
  return page.evaluate(() => {
    const hook = (globalThis as unknown as PageGlobals).__mfTest;
    if (!hook) throw new Error('window.__mfTest is missing: open the page with ?test');
    return hook.charts();
  });
}
