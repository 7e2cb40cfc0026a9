// `castmatch backup | backups | restore`: the backup module from a terminal, JSON on stdout.
import { parseArgs } from 'node:util';
import { databaseFile, openDatabase } from '../store/db.ts';
import { createBackup, listBackups, restoreBackup } from './backups.ts';

export async function runBackupCli(
  command: 'backup' | 'backups' | 'restore',
  args: string[],
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'data-dir': { type: 'string' } },
    allowPositionals: true,
  });
  const dataDir = values['data-dir'];
  if (!dataDir) throw Object.assign(new Error('--data-dir DIR is required'), { usage: true });
  if (command === 'backups') {
    console.log(JSON.stringify(await listBackups(dataDir), null, 2));
    return 0;
  }
  const id = positionals[0];
  if (command === 'restore' && !id)
    throw Object.assign(new Error('Which backup? castmatch restore ID|latest --data-dir DIR'), {
      usage: true,
    });
  const db = await openDatabase(databaseFile(dataDir));
  try {
    const result =
      command === 'backup'
        ? await createBackup(db.sqlite, dataDir, { reason: 'manual' })
        : await restoreBackup(db.sqlite, dataDir, id!);
    console.log(JSON.stringify(result, null, 2));
    return 0;
  } finally {
    db.close();
  }
}
