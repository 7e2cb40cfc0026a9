// electron-log: the shell's console and uncaught errors go to <logs>/main.log, rotated at 5 MB (the previous
// file kept as main.old.log), so a support request can include them; Help → Show Logs opens the folder.
import { shell } from 'electron';
import log from 'electron-log/main';

export function startLogging(): void {
  log.transports.file.maxSize = 5 * 1024 * 1024;
  log.transports.file.level = 'info';
  // Everything the shell and its modules write with console.* lands in the file too.
  Object.assign(console, log.functions);
  log.errorHandler.startCatching({ showDialog: false });
  log.info(`CastMatch starting (pid ${process.pid})`);
}

export function logFilePath(): string {
  return log.transports.file.getFile().path;
}

export function showLogs(): void {
  shell.showItemInFolder(logFilePath());
}
