import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isAppError } from '../../shared/errors.ts';
import type { ImportTarget } from '../../shared/headshots.ts';
import { type AppDatabase, databaseFile, openDatabase } from '../store/db.ts';
import { importHeadshots } from './importer.ts';

const USAGE = `Usage: castmatch import-headshots PATH... --data-dir DIR [--talent ID] [--db FILE] [--workers N]
  Imports image files and folders (recursively) into the data dir's media store and prints a JSON report.
  Without --talent, images are matched to profiles by file and folder names; unclear ones are listed
  under "review". Exit code: 0 all imported or duplicates, 1 some files failed, 2 usage or fatal error, 130 interrupted.`;

/** The office database inside a data dir: the same file the app and the other commands use. */
export const defaultDatabaseFile = databaseFile;

/** `castmatch import-headshots …`: argv are the arguments after the command name (a leading command name is tolerated). */
export async function runImportHeadshotsCli(argv: string[]): Promise<number> {
  const args = argv[0] === 'import-headshots' ? argv.slice(1) : argv;
  let values: { 'data-dir'?: string; talent?: string; db?: string; workers?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        talent: { type: 'string' },
        db: { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dataDir = values['data-dir'];
  if (!dataDir || positionals.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers > 0)) {
    process.stderr.write('--workers must be a positive integer\n');
    return 2;
  }
  const target: ImportTarget = values.talent
    ? { mode: 'profile', talentId: values.talent }
    : { mode: 'match' };
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let db: AppDatabase;
  try {
    db = await openDatabase(values.db ?? defaultDatabaseFile(resolve(dataDir)));
  } catch (e) {
    const err = isAppError(e) ? e.toJSON() : { code: 'DB_OPEN_FAILED', message: (e as Error).message };
    process.stderr.write(`${JSON.stringify({ error: err })}\n`);
    process.off('SIGINT', onSigint);
    return 2;
  }
  try {
    const report = await importHeadshots(
      db,
      { paths: positionals.map((p) => resolve(p)), target },
      {
        dataDir: resolve(dataDir),
        signal: controller.signal,
        ...(workers !== undefined ? { workers } : {}),
        onProgress: process.stderr.isTTY
          ? (p) =>
              process.stderr.write(
                `\r${p.phase} ${p.done}/${p.total} ${p.currentFile ?? ''}`.padEnd(80).slice(0, 100),
              )
          : undefined,
      },
    );
    if (process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (report.cancelled) return 130;
    return report.counts.failed > 0 ? 1 : 0;
  } catch (e) {
    const err = isAppError(e) ? e.toJSON() : { code: 'INTERNAL', message: (e as Error).message };
    process.stderr.write(`${JSON.stringify({ error: err })}\n`);
    return 2;
  } finally {
    process.off('SIGINT', onSigint);
    db.close();
  }
}
