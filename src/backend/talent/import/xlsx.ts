// An Excel workbook → the rows of one sheet, with every sheet listed. Hidden and very-hidden sheets are
// read only when chosen by name: agencies hide old lists and lookup tables there.
import { AppError } from '../../../shared/errors.ts';
import { loadExcel } from '../../export/excel.ts';

export interface SheetSummary {
  name: string;
  rows: number;
  hidden: boolean;
}

export interface WorkbookRows {
  sheets: SheetSummary[];
  sheetName: string;
  rows: string[][];
  /** rowNumbers[i]: Excel's number for rows[i]. */
  rowNumbers: number[];
}

export async function readWorkbook(buf: Buffer, chosen?: string | null): Promise<WorkbookRows> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs's typings predate Node's generic Buffer.
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError('CORRUPT_XLSX', `The Excel file could not be read (${(e as Error).message}).`);
  }
  const sheets = wb.worksheets.map((ws) => ({
    name: ws.name,
    rows: ws.actualRowCount,
    hidden: ws.state === 'hidden' || ws.state === 'veryHidden',
  }));
  if (!sheets.length) throw new AppError('EMPTY_FILE', 'The Excel file has no worksheet.');
  const ws = chosen
    ? wb.worksheets.find((w) => w.name === chosen)
    : (wb.worksheets.find((w, i) => !sheets[i]!.hidden && w.actualRowCount > 0) ??
      wb.worksheets.find((_, i) => !sheets[i]!.hidden));
  if (!ws) {
    throw new AppError(
      chosen ? 'NO_SUCH_SHEET' : 'EMPTY_FILE',
      chosen
        ? `The workbook has no sheet "${chosen}" (it has ${sheets.map((s) => `"${s.name}"`).join(', ')}).`
        : 'Every sheet of the workbook is hidden: choose one to import.',
    );
  }
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  // Read once: exceljs computes columnCount by visiting every row, which inside this loop made a 20k-row
  // sheet take nearly a minute.
  const columns = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= columns; c++) {
      const cell = row.getCell(c);
      const v = cell.value;
      cells.push(v instanceof Date ? v.toISOString().slice(0, 10) : (cell.text ?? '').trim());
    }
    rows.push(cells);
    rowNumbers.push(row.number);
  });
  return { sheets, sheetName: ws.name, rows, rowNumbers };
}
