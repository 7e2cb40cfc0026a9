import { app, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import { aboutDetail } from './shell-logic.ts';

export interface MenuActions {
  /** Absent in a development build (no feed). */
  updates?: { check(): void; autoCheck: boolean; setAutoCheck(on: boolean): void } | undefined;
  showLogs(): void;
}

function versions() {
  return {
    app: app.getVersion(),
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    node: process.versions.node,
    v8: process.versions.v8,
  };
}

export function showAbout(): void {
  void dialog.showMessageBox({
    type: 'info',
    title: 'About CastMatch',
    message: 'CastMatch',
    detail: aboutDetail(versions()),
    buttons: ['OK'],
  });
}

export function buildMenu(dev: boolean, actions: MenuActions): Menu {
  const u = actions.updates;
  // macOS shows About in the app menu (its own panel, given the same versions).
  app.setAboutPanelOptions({
    applicationName: 'CastMatch',
    applicationVersion: app.getVersion(),
    credits: aboutDetail(versions()),
  });
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
    {
      role: 'help',
      submenu: [
        ...(u
          ? [
              { label: 'Check for Updates…', click: () => u.check() },
              {
                label: 'Check for Updates at Start',
                type: 'checkbox' as const,
                checked: u.autoCheck,
                click: (item: { checked: boolean }) => u.setAutoCheck(item.checked),
              },
              { type: 'separator' as const },
            ]
          : []),
        { label: 'Show Logs', click: () => actions.showLogs() },
        ...(process.platform === 'darwin' ? [] : [{ label: 'About CastMatch', click: showAbout }]),
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
