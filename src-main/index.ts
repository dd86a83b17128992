/**
 * Electron main process: app lifecycle and desktop integration. One window; the API handlers
 * (./services/handlers.ts) run jobs on worker threads (./services/jobs.ts) so this event loop never
 * computes. Project files: native dialogs, the File menu, the window title (file name and a dirty
 * marker), the unsaved-changes prompt on close, a .mfproj on the command line / from a second launch
 * / macOS 'open-file', and the crash-recovery copy in userData/recovery (see ./document-window.ts).
 * Errors nobody caught (main, workers, a crashed renderer) go to userData/logs/main.log
 * (./services/log-file.ts); Help > Open Logs Folder shows it.
 */
import { app, BrowserWindow, dialog, Menu, shell } from 'electron';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MenuCommand } from '@shared/api';
import { examplePathIn, workerScriptPath } from './app-paths';
import { attachDocumentWindow, projectFilesIn, titleOf } from './document-window';
import { registerApi } from './ipc';
import { appMenuTemplate } from './menu';
import { createHandlers } from './services/handlers';
import { JobService } from './services/jobs';
import { installCrashLogging, LogFile } from './services/log-file';
import { MenuCommandQueue } from './services/menu-commands';
import { DocumentSession } from './services/project-handlers';
import { createProjectIo } from './services/project-io';
import { createMainWindow, openLinkHandler } from './window';

const log = new LogFile({ dir: join(app.getPath('userData'), 'logs') });
installCrashLogging(log);

/** out/main, where this file is built to. */
const mainDir = dirname(fileURLToPath(import.meta.url));
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererFile = join(mainDir, '../renderer/index.html');
const appUrl = devServerUrl ?? pathToFileURL(rendererFile).href;

/** The shipped example: resources/examples in a packaged app (electron-builder extraResources), the repo's examples/ in dev. */
function examplePath(): string | null {
  const p = examplePathIn(app.isPackaged, process.resourcesPath, app.getAppPath());
  return existsSync(p) ? p : null;
}

/** Help > Open Logs Folder. */
function openLogsFolder(): void {
  try {
    mkdirSync(log.dir, { recursive: true });
  } catch {
    // shell.openPath reports a missing folder itself.
  }
  void shell.openPath(log.dir).then((problem) => {
    if (problem !== '') console.warn(`Could not open the logs folder ${log.dir}: ${problem}`);
  });
}

let mainWindow: BrowserWindow | null = null;
let jobs: JobService | null = null;
const session = new DocumentSession();
const menuQueue = new MenuCommandQueue();
let recent: string[] = [];

/** Offers a file from the command line or the OS to the renderer and asks it to open it. */
function offerFile(path: string): void {
  session.offered.add(path);
  menuQueue.push({ kind: 'openPath', path });
  if (mainWindow !== null) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  } else openWindowIfReady?.(); // macOS: the app runs on with no window; the new page takes the file
}

/** Opens the main window once the app is ready (set in whenReady); null before. */
let openWindowIfReady: (() => void) | null = null;

// macOS delivers files opened from Finder (or dropped on the Dock icon) this way, possibly before 'ready'.
app.on('open-file', (event, path) => {
  event.preventDefault();
  offerFile(path);
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const files = projectFilesIn(argv.slice(1), workingDirectory);
    for (const f of files) offerFile(f);
    if (files.length === 0 && mainWindow !== null) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  // Belt and braces for any web contents created later: no webviews, no new windows.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(openLinkHandler);
    contents.on('render-process-gone', (_e, details) => {
      if (details.reason !== 'clean-exit') console.error(`The window's page stopped (${details.reason}, exit code ${details.exitCode}).`);
    });
  });
  app.on('child-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit') console.error(`A ${details.type} process stopped (${details.reason}, exit code ${details.exitCode}).`);
  });

  void app.whenReady().then(async () => {
    jobs = new JobService({
      workerPath: workerScriptPath(mainDir, existsSync),
      onWorkerError: (message, error) => log.write('error', message, error),
    });
    const io = createProjectIo(app.getPath('userData'));
    const dialogParent = () => mainWindow ?? undefined;
    const projectFilter = [{ name: 'MeanField project', extensions: ['mfproj'] }];

    const rebuildMenu = () =>
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          appMenuTemplate({
            packaged: app.isPackaged,
            appName: app.name,
            showAbout: () => app.showAboutPanel(),
            openLogsFolder,
            recent,
            send: (command: MenuCommand) => menuQueue.push(command),
            openPath: offerFile,
            clearRecent: () => void handlers.clearRecent(),
            close: () => BrowserWindow.getFocusedWindow()?.close(),
          }),
        ),
      );

    const handlers = createHandlers({
      jobs,
      session,
      chooseSavePath: async (suggestedName, kind) => {
        const options = {
          defaultPath: suggestedName,
          filters: kind === 'csv' ? [{ name: 'CSV', extensions: ['csv'] }] : [{ name: 'PNG image', extensions: ['png'] }],
        };
        const parent = dialogParent();
        const r = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
        return r.canceled || r.filePath === undefined || r.filePath === '' ? null : r.filePath;
      },
      modelFiles: {
        chooseModelFile: async () => {
          const options = {
            filters: [{ name: 'Model file (PyRates YAML, JSON)', extensions: ['yaml', 'yml', 'json'] }],
            properties: ['openFile' as const],
          };
          const parent = dialogParent();
          const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
          return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
        },
        chooseModelSavePath: async (suggestedName, format) => {
          const options = {
            defaultPath: suggestedName,
            filters: format === 'yaml' ? [{ name: 'PyRates YAML', extensions: ['yaml'] }] : [{ name: 'Model (JSON)', extensions: ['json'] }],
          };
          const parent = dialogParent();
          const r = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
          return r.canceled || r.filePath === undefined || r.filePath === '' ? null : r.filePath;
        },
      },
      project: {
        ...io,
        menu: menuQueue,
        examplePath: examplePath(),
        chooseSavePath: async (suggestedName) => {
          const options = { defaultPath: suggestedName, filters: projectFilter };
          const parent = dialogParent();
          const r = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
          return r.canceled || r.filePath === undefined || r.filePath === '' ? null : r.filePath;
        },
        chooseOpenPath: async () => {
          const options = { filters: projectFilter, properties: ['openFile' as const] };
          const parent = dialogParent();
          const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
          return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
        },
        confirmDiscard: (name) => askToSave(name),
        onDocumentChange: (doc, dirty) => {
          if (mainWindow === null) return;
          mainWindow.setTitle(titleOf(doc.name, dirty));
          if (process.platform === 'darwin') {
            mainWindow.setDocumentEdited(dirty);
            mainWindow.setRepresentedFilename(doc.path ?? '');
          }
        },
        onRecentChange: (list) => {
          recent = list;
          rebuildMenu();
        },
        closeWindow: () => closeDocumentWindow?.(),
      },
    });

    async function askToSave(name: string): Promise<'save' | 'discard' | 'cancel'> {
      const options = {
        type: 'warning' as const,
        buttons: ['Save', "Don't Save", 'Cancel'],
        defaultId: 0,
        cancelId: 2,
        noLink: true,
        message: `Do you want to save the changes to ${name}?`,
        detail: "Your changes will be lost if you don't save them.",
      };
      const parent = dialogParent();
      const r = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
      return r.response === 0 ? 'save' : r.response === 1 ? 'discard' : 'cancel';
    }

    let closeDocumentWindow: (() => void) | null = null;

    const openWindow = () => {
      const win = createMainWindow({
        preload: join(mainDir, '../preload/preload.cjs'),
        appUrl,
        rendererFile: devServerUrl === undefined ? rendererFile : undefined,
        packaged: app.isPackaged,
      });
      mainWindow = win;
      // A reload (or a crashed page coming back) starts a new page: jobs of the old one are stopped,
      // its pending waitMenuCommand is superseded by the new page's, and the new page's start
      // (newProject, recoveryInfo) resets the document state main keeps.
      win.webContents.on('did-start-loading', () => {
        menuQueue.supersede();
        const n = jobs?.cancelAll() ?? 0;
        if (n > 0) console.warn(`The page reloaded: ${n} running job(s) cancelled.`);
      });
      win.setTitle(titleOf(session.document.name, session.dirty));
      closeDocumentWindow = attachDocumentWindow(win, {
        session,
        menu: menuQueue,
        askToSave,
        clearRecovery: () => io.recovery.clear(),
      });
      win.on('closed', () => {
        if (mainWindow === win) mainWindow = null;
      });
    };

    openWindowIfReady = openWindow;
    registerApi(handlers, appUrl);
    recent = await handlers.listRecent();
    rebuildMenu();
    openWindow();
    for (const f of projectFilesIn(process.argv.slice(app.isPackaged ? 1 : 2), process.cwd())) offerFile(f);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    menuQueue.dispose();
    void jobs?.dispose();
    jobs = null;
  });
}
