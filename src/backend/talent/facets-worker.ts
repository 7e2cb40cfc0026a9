// Worker-thread entry for facet counts (see facets.ts): its own connection to the office database, one
// query at a time, answers tagged with the request's id.
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../shared/errors.ts';
import type { TalentQuery } from '../../shared/talent.ts';
import { openDatabase } from '../store/db.ts';
import { talentFacets } from './facet-counts.ts';

const db = await openDatabase((workerData as { dbFile: string }).dbFile, { skipMigrations: true });
parentPort?.on('message', ({ id, query }: { id: number; query: TalentQuery }) => {
  try {
    parentPort?.postMessage({ id, ok: true, facets: talentFacets(db, query) });
  } catch (e) {
    const error = isAppError(e) ? e.toJSON() : { code: 'INTERNAL', message: (e as Error).message };
    parentPort?.postMessage({ id, ok: false, error });
  }
});
