// Runs a talent import, an XLSX export and a facet count through the workers electron-vite built (out/main/*.js), as the
// packaged app does: `node tests/support/bundled-import.ts OUT_MAIN_DIR CSV DATA_DIR` prints
// {report, exported, cities} as JSON (cities: facet counts from the facets worker).
import { pathToFileURL } from 'node:url';
import { databaseFile, openDatabase } from '../../src/backend/store/db.ts';
import { exportTalentInWorker } from '../../src/backend/talent/export.ts';
import { FacetCounter } from '../../src/backend/talent/facets.ts';
import { ImportJobs } from '../../src/backend/talent/import/jobs.ts';
import { setBundledWorkerDir } from '../../src/backend/workers/url.ts';

const [outDir, csv, dataDir] = process.argv.slice(2) as [string, string, string];
setBundledWorkerDir(pathToFileURL(`${outDir}/`));
const db = await openDatabase(databaseFile(dataDir));
const jobs = new ImportJobs(db);
const preview = await jobs.preview(csv); // the preview worker, too
const report = await jobs.run(csv, {
  jobId: 'bundled',
  mapping: preview.suggestedMapping,
  duplicates: 'skip',
});
await jobs.whenIdle();
const exported = await exportTalentInWorker(db, {}, 'xlsx');
const counter = new FacetCounter(db);
const cities = (await counter.count({ text: 'person' })).cities;
counter.close();
db.close();
console.log(
  JSON.stringify({ report, exported: { rows: exported.rows, bytes: exported.data.length }, cities }),
);
