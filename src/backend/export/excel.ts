// exceljs, loaded when a workbook is read or written. It takes ~250 ms to load (a large CommonJS bundle):
// imported statically, every start of the app and of each worker that touches a spreadsheet module paid it,
// for CSV work too.
import type ExcelJSModule from 'exceljs';

export type ExcelJS = typeof ExcelJSModule;

export async function loadExcel(): Promise<ExcelJS> {
  return (await import('exceljs')).default;
}
