// What the app does about backups on its own: check the office when it opens, and take the daily backup
// when the last one is a day old (checked at start and every hour after, so a laptop left open still
// gets one). Used by the Electron shell and the browser host; the CLI calls backups.ts directly.
import type Database from 'better-sqlite3';
import { createBackup, dailyBackupDue } from './backups.ts';
import { checkIntegrityOffThread, type IntegrityReport } from './integrity.ts';

export interface BackupSchedule {
  /** Settles when the start-up check and (if due) the start-up backup are done. */
  started: Promise<{ integrity: IntegrityReport; backedUp: boolean }>;
  stop(): void;
}

export function startBackupSchedule(
  sqlite: Database.Database,
  dataDir: string,
  opts: { log: (msg: string, err?: unknown) => void; everyMs?: number },
): BackupSchedule {
  let running = false;
  let stopped = false;
  const runIfDue = async (): Promise<boolean> => {
    if (running || stopped || !(await dailyBackupDue(dataDir))) return false;
    running = true;
    try {
      await createBackup(sqlite, dataDir, { reason: 'daily' });
      return true;
    } catch (e) {
      opts.log('daily backup failed', e);
      return false;
    } finally {
      running = false;
    }
  };
  const started = (async () => {
    const integrity = await checkIntegrityOffThread(sqlite.name);
    if (!integrity.ok) {
      // A damaged office is not backed up over the good backups: the retention would push them out.
      opts.log(`the office database failed its integrity check: ${integrity.problems.join('; ')}`);
      return { integrity, backedUp: false };
    }
    return { integrity, backedUp: await runIfDue() };
  })();
  const timer = setInterval(() => void runIfDue(), opts.everyMs ?? 60 * 60 * 1000);
  timer.unref();
  return {
    started,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
