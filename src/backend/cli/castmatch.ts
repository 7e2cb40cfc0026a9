// `castmatch <command>`: the same backend modules as the app, from a terminal.
// Each command loads its own modules when it runs: Node strips the types of every TypeScript file it
// imports, so importing the database and import code up front cost `analyze-script` ~0.3 s of start-up.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AppDatabase } from '../store/db.ts';

const USAGE = `castmatch — CastMatch Desktop from the command line

  castmatch import-talent FILE.csv|FILE.xlsx --data-dir DIR [--duplicates skip|merge|create]
                                [--sheet NAME] [--header-row N] [--encoding ENC]
  castmatch seed-demo --talent N --data-dir DIR [--seed S]
  castmatch search TEXT --data-dir DIR [--limit N]
  castmatch import-headshots PATH... --data-dir DIR
  castmatch analyze-script FILE.pdf --json
  castmatch backup --data-dir DIR              (database + headshots + script PDFs, checked)
  castmatch backups --data-dir DIR             (list them, newest first)
  castmatch restore ID|latest --data-dir DIR   (backs up the current state first)

Every command prints JSON on stdout; errors go to stderr with a non-zero exit code.`;

async function withDb<T>(dataDir: string | undefined, fn: (db: AppDatabase) => Promise<T> | T): Promise<T> {
  if (!dataDir) throw Object.assign(new Error('--data-dir DIR is required'), { usage: true });
  const { databaseFile, openDatabase } = await import('../store/db.ts');
  const db = await openDatabase(databaseFile(dataDir));
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const opts = {
    'data-dir': { type: 'string' },
    talent: { type: 'string' },
    seed: { type: 'string' },
    duplicates: { type: 'string' },
    limit: { type: 'string' },
    sheet: { type: 'string' },
    'header-row': { type: 'string' },
    encoding: { type: 'string' },
  } as const;
  switch (command) {
    case 'import-talent': {
      const { values, positionals } = parseArgs({ args: rest, options: opts, allowPositionals: true });
      const file = positionals[0];
      if (!file)
        throw Object.assign(new Error('Which file? castmatch import-talent FILE --data-dir DIR'), {
          usage: true,
        });
      const { IMPORT_ENCODINGS, readOptionsSchema } = await import('../../shared/talent-import.ts');
      const { previewImport } = await import('../talent/import/preview.ts');
      const { runImport } = await import('../talent/import/run.ts');
      const duplicates = (values.duplicates ?? 'skip') as 'skip' | 'merge' | 'create';
      if (!['skip', 'merge', 'create'].includes(duplicates))
        throw new Error('--duplicates must be skip, merge or create');
      const read = readOptionsSchema.safeParse({
        sheet: values.sheet ?? null,
        headerRow: values['header-row'] != null ? Number(values['header-row']) : null,
        encoding: values.encoding ?? null,
      });
      if (!read.success)
        throw new Error(
          `--header-row must be a row number; --encoding one of ${IMPORT_ENCODINGS.join(', ')}`,
        );
      const report = await withDb(values['data-dir'], async (db) => {
        const preview = await previewImport(resolve(file), read.data);
        return runImport(db, resolve(file), {
          jobId: `cli-${Date.now()}`,
          mapping: preview.suggestedMapping,
          duplicates,
          read: read.data,
          ownConnection: true,
          onProgress: (phase, done, total) => process.stderr.write(`\r${phase} ${done}/${total}   `),
        });
      });
      process.stderr.write('\n');
      console.log(JSON.stringify(report, null, 2));
      return report.invalid > 0 ? 3 : 0;
    }
    case 'seed-demo': {
      const { values } = parseArgs({ args: rest, options: opts });
      const n = Number(values.talent ?? '1000');
      if (!Number.isInteger(n) || n < 1 || n > 1_000_000)
        throw new Error('--talent must be a whole number from 1 to 1,000,000');
      const { seedDemoProfiles } = await import('../talent/demo.ts');
      const { addDemoFaces } = await import('../headshots/demo-faces.ts');
      const started = performance.now();
      const dataDir = values['data-dir'];
      const { added, faces } = await withDb(dataDir, async (db) => {
        const people = seedDemoProfiles(db, n, Number(values.seed ?? '42'));
        return { added: people.length, faces: await addDemoFaces(db, dataDir!, people) };
      });
      console.log(
        JSON.stringify({ added, faces, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) }),
      );
      return 0;
    }
    case 'search': {
      const { values, positionals } = parseArgs({ args: rest, options: opts, allowPositionals: true });
      const { searchTalent } = await import('../talent/search.ts');
      const result = await withDb(values['data-dir'], (db) =>
        searchTalent(db, { text: positionals.join(' '), limit: Number(values.limit ?? '20') }),
      );
      console.log(JSON.stringify(result, null, 2));
      return 0;
    }
    case 'import-headshots': {
      const { runImportHeadshotsCli } = await import('../headshots/cli.ts');
      return runImportHeadshotsCli(rest);
    }
    case 'analyze-script': {
      // The worker loads pdf.js on the second core while this thread loads the CLI and its schemas.
      const { startScriptWorkerEarly } = await import('../script/spawn.ts');
      if (rest.some((a) => !a.startsWith('-'))) startScriptWorkerEarly();
      const { runAnalyzeScriptCli } = await import('../script/cli.ts');
      return runAnalyzeScriptCli(rest);
    }
    case 'backup':
    case 'backups':
    case 'restore': {
      const { runBackupCli } = await import('../backup/cli.ts');
      return runBackupCli(command, rest);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command ? 0 : 2;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (e: unknown) => {
    const { isAppError } = await import('../../shared/errors.ts');
    if (isAppError(e)) console.error(`${e.code}: ${e.message}`);
    else console.error((e as Error).message);
    if ((e as { usage?: boolean }).usage) console.error(`\n${USAGE}`);
    process.exit(isAppError(e) ? 1 : 2);
  },
);
