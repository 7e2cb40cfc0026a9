import { Menu, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(dev: boolean, actions: { checkForUpdates?: () => void } = {}): Menu {
  const check = actions.checkForUpdates;
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(dev
          ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }]
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    ...(check ? [{ label: 'Help', submenu: [{ label: 'Check for Updates…', click: () => check() }] }] : []),
  ];
  return Menu.buildFromTemplate(template);
}
