import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { MenuCommand } from '@shared/api';
import { appMenuTemplate, type MenuActions } from '../../src-main/menu';

function actions(packaged: boolean) {
  const sent: MenuCommand[] = [];
  const a: MenuActions = {
    packaged,
    appName: 'MeanField Studio',
    recent: ['/data/a.mfproj'],
    send: (c) => sent.push(c),
    openPath: vi.fn(),
    clearRecent: vi.fn(),
    close: vi.fn(),
    openLogsFolder: vi.fn(),
    showAbout: vi.fn(),
  };
  return { a, sent };
}

/** Every item of the template, submenus included. */
function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as unknown as (() => void) | undefined)?.();

describe('the application menu', () => {
  it('has no reload and no developer tools when packaged', () => {
    const roles = flatten(appMenuTemplate(actions(true).a)).map((i) => i.role?.toLowerCase());
    expect(roles).not.toContain('toggledevtools');
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('forcereload');
  });

  it('offers them when not packaged', () => {
    const roles = flatten(appMenuTemplate(actions(false).a)).map((i) => i.role?.toLowerCase());
    expect(roles).toContain('toggledevtools');
    expect(roles).toContain('reload');
  });

  it('opens the logs folder from Help', () => {
    const { a } = actions(true);
    const help = appMenuTemplate(a).find((i) => i.role === 'help');
    const item = flatten(help?.submenu as MenuItemConstructorOptions[]).find((i) => i.label === 'Open Logs Folder');
    expect(item).toBeDefined();
    click(item);
    expect(a.openLogsFolder).toHaveBeenCalledTimes(1);
  });

  it('sends app commands to the renderer and opens recent files through main', () => {
    const { a, sent } = actions(true);
    const items = flatten(appMenuTemplate(a));
    click(items.find((i) => i.label === 'Save'));
    click(items.find((i) => i.label === 'Open Example (PyRates Izhikevich)'));
    expect(sent).toEqual([{ kind: 'save' }, { kind: 'openExample' }]);
    click(items.find((i) => i.label === 'a.mfproj'));
    expect(a.openPath).toHaveBeenCalledWith('/data/a.mfproj');
  });

  it('offers New Model…, Import Model… and Export Model… in File, each sent to the renderer', () => {
    const { a, sent } = actions(true);
    const file = appMenuTemplate(a).find((i) => i.label === 'File');
    const items = flatten(file?.submenu as MenuItemConstructorOptions[]);
    for (const label of ['New Model…', 'Import Model…', 'Export Model…']) click(items.find((i) => i.label === label));
    expect(sent).toEqual([{ kind: 'newModel' }, { kind: 'importModel' }, { kind: 'exportModel' }]);
  });
});
