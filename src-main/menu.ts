/**
 * The application menu: standard roles only. The renderer handles its own shortcuts (Ctrl/Cmd+Enter
 * runs, Esc cancels), so the menu carries no app commands. Reload and developer tools only in dev.
 */
import { app, Menu, type MenuItemConstructorOptions } from 'electron';

export function buildAppMenu(dev: boolean): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) template.push({ role: 'appMenu' });
  template.push(
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(dev
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
      submenu: [{ label: `About ${app.name}`, click: () => app.showAboutPanel() }],
    },
  );
  return Menu.buildFromTemplate(template);
}
