// Validates one slice of a large import in a second thread (see run.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { ColumnMapping } from '../../../shared/talent-import.ts';
import { validateRow } from './validate.ts';

const { rows, mapping, headerWidth } = workerData as {
  rows: string[][];
  mapping: ColumnMapping;
  headerWidth: number;
};
parentPort?.postMessage(rows.map((r) => validateRow(r, mapping, headerWidth)));
