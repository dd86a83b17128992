/**
 * Electron main process: app lifecycle only. One window; the API handlers (./services/handlers.ts)
 * run jobs on worker threads (./services/jobs.ts) so this event loop never computes.
 */
import { app, BrowserWindow, dialog, Menu } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registerApi } from './ipc';
import { buildAppMenu } from './menu';
import { createHandlers } from './services/handlers';
import { JobService } from './services/jobs';
import { createMainWindow } from './window';

process.on('uncaughtException', (e) => console.error('Uncaught exception in the main process:', e));
process.on('unhandledRejection', (e) => console.error('Unhandled rejection in the main process:', e));

/** out/main, where this file is built to. */
const mainDir = dirname(fileURLToPath(import.meta.url));
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererFile = join(mainDir, '../renderer/index.html');
const appUrl = devServerUrl ?? pathToFileURL(rendererFile).href;

let mainWindow: BrowserWindow | null = null;
let jobs: JobService | null = null;

function openWindow(): void {
  mainWindow = createMainWindow({
    preload: join(mainDir, '../preload/preload.cjs'),
    appUrl,
    rendererFile: devServerUrl === undefined ? rendererFile : undefined,
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Belt and braces for any web contents created later: no webviews, no new windows.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  void app.whenReady().then(() => {
    jobs = new JobService({ workerPath: join(mainDir, 'worker.js') });
    const handlers = createHandlers({
      jobs,
      chooseSavePath: async (suggestedName, kind) => {
        const options = {
          defaultPath: suggestedName,
          filters: kind === 'csv' ? [{ name: 'CSV', extensions: ['csv'] }] : [{ name: 'PNG image', extensions: ['png'] }],
        };
        const r = mainWindow !== null ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
        return r.canceled || r.filePath === undefined || r.filePath === '' ? null : r.filePath;
      },
    });
    registerApi(handlers, appUrl);
    Menu.setApplicationMenu(buildAppMenu(devServerUrl !== undefined));
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    void jobs?.dispose();
    jobs = null;
  });
}
