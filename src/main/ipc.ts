// The one place the shell listens to the renderer. Every channel goes through `handleTrusted`, which
// checks the sender frame first (policy.ts) and hands the handler only the call's arguments: no event,
// no sender, no webContents reach the code behind it. Raw ipcMain is used nowhere else.
import { ipcMain } from 'electron';
import { FORBIDDEN, isTrustedSender } from './policy.ts';

export type TrustedHandler = (...args: unknown[]) => unknown;

export function handleTrusted(channel: string, devUrl: string | undefined, handler: TrustedHandler): void {
  ipcMain.handle(channel, (event, ...args: unknown[]) => {
    if (!isTrustedSender(event.senderFrame, devUrl)) return FORBIDDEN;
    return handler(...args);
  });
}
