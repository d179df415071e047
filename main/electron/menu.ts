/** The application menu: standard roles (so shortcuts, services and accessibility work as on every app). */
import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';

export function installMenu(): void {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'OMS Studio on the web', click: () => void shell.openExternal('https://github.com/') }, { label: `Version ${app.getVersion()}`, enabled: false }],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
