// Exports as the app runs them: in a worker with its own connection, so a large XLSX does not hold up
// other calls. The same bytes as in-thread, and a spreadsheet Excel opens with the header frozen.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDatabase, databaseFile, openDatabase } from '../../src/backend/store/db.ts';
import { seedDemo } from '../../src/backend/talent/demo.ts';
import { exportTalent, exportTalentInWorker } from '../../src/backend/talent/export.ts';
import { tempDir } from '../support/db.ts';

let db: AppDatabase;
beforeEach(async () => {
  db = await openDatabase(databaseFile(join(tempDir(), 'data')));
  seedDemo(db, 1200, 5);
});
afterEach(() => db.close());

describe('talent export in a worker', () => {
  it('writes the same CSV as in-thread', async () => {
    const query = { filters: { genders: ['female' as const] } };
    const [inWorker, inThread] = [
      await exportTalentInWorker(db, query, 'csv'),
      await exportTalent(db, query, 'csv'),
    ];
    expect(inWorker.rows).toBeGreaterThan(300);
    expect(inWorker.rows).toBe(inThread.rows);
    expect(inWorker.data.equals(inThread.data)).toBe(true);
    expect(inWorker.fileName).toMatch(/^castmatch-talent-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  it('writes an XLSX with every row and a frozen, bold header', async () => {
    const r = await exportTalentInWorker(db, {}, 'xlsx');
    expect(r.rows).toBe(1200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.data as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.actualRowCount).toBe(1201);
    expect(ws.getRow(1).getCell(1).text).toBe('Full name');
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });
});
