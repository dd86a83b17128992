/**
 * The application menu. File: New, Open…, Open Recent (rebuilt when the list changes), New Model…,
 * Import Model…, Export Model… (the chosen model), Save, Save As…, Close; Run: Run / Trace (Ctrl/Cmd+Enter); Help: Open Example. App commands are sent to
 * the renderer through the menu-command queue (see ./services/menu-commands.ts); the renderer also
 * handles the same shortcuts itself, so the accelerators here are registered without triggering
 * twice (`registerAccelerator: false` where the page handles the key). Reload and developer tools
 * only when not packaged. Help also opens the folder of the main process's log.
 *
 * The template is plain data (no Electron import here), so tests can read it; index.ts builds the
 * native menu from it with Menu.buildFromTemplate.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { MenuCommand } from '@shared/api';

export interface MenuActions {
  /** app.isPackaged: no reload and no developer tools. */
  packaged: boolean;
  /** The app's name (About item). */
  appName: string;
  /** Recent files, newest first. */
  recent: string[];
  send(command: MenuCommand): void;
  /** Offers `path` to the renderer and asks it to open it. */
  openPath(path: string): void;
  clearRecent(): void;
  /** Closes the focused window (asking about unsaved changes). */
  close(): void;
  /** Opens the folder holding the log file in the file manager. */
  openLogsFolder(): void;
  showAbout(): void;
}

/** At most this many recent files in the submenu. */
const RECENT_SHOWN = 10;

export function appMenuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  const isMac = process.platform === 'darwin';
  const cmd = (kind: Exclude<MenuCommand['kind'], 'openPath'>) => () => actions.send({ kind } as MenuCommand);
  // The page handles these keys itself (so they work without a native menu); the menu shows them.
  const shown = { registerAccelerator: false } as const;
  const recentItems: MenuItemConstructorOptions[] = actions.recent.slice(0, RECENT_SHOWN).map((path) => ({
    label: basename(path),
    sublabel: path,
    toolTip: path,
    click: () => actions.openPath(path),
  }));
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'New', accelerator: 'CmdOrCtrl+N', ...shown, click: cmd('new') },
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', ...shown, click: cmd('open') },
        {
          label: 'Open Recent',
          submenu: [
            ...(recentItems.length > 0 ? recentItems : [{ label: 'No recent files', enabled: false }]),
            { type: 'separator' },
            { label: 'Clear Recent', enabled: recentItems.length > 0, click: () => actions.clearRecent() },
          ],
        },
        { type: 'separator' },
        { label: 'New Model…', click: cmd('newModel') },
        { label: 'Import Model…', click: cmd('importModel') },
        { label: 'Export Model…', click: cmd('exportModel') },
        { type: 'separator' },
        { label: 'Save', accelerator: 'CmdOrCtrl+S', ...shown, click: cmd('save') },
        { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', ...shown, click: cmd('saveAs') },
        { type: 'separator' },
        { label: 'Close', accelerator: 'CmdOrCtrl+W', click: () => actions.close() },
        ...(isMac ? [] : ([{ type: 'separator' }, { role: 'quit' }] as MenuItemConstructorOptions[])),
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Run',
      submenu: [
        {
          label: 'Run or Trace (active view)',
          accelerator: 'CmdOrCtrl+Enter',
          ...shown,
          click: cmd('run'),
        },
      ],
    },
    {
      label: 'View',
      submenu: [
        ...(!actions.packaged
          ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Open Example (PyRates Izhikevich)', click: cmd('openExample') },
        { type: 'separator' },
        { label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
        { label: `About ${actions.appName}`, click: () => actions.showAbout() },
      ],
    },
  );
  return template;
}
