import type ExcelJSModule from 'exceljs'

let excel: typeof ExcelJSModule | undefined

/** exceljs, loaded on the first XLSX download rather than at every start (it is the largest module the server has). */
export async function excelJs (): Promise<typeof ExcelJSModule> {
  excel ??= (await import('exceljs')).default
  return excel
}

/**
 * A text cell's value, exactly as typed. A string cell in XLSX is never evaluated, so "=1+2" or "+46 8 …" needs no
 * leading apostrophe there (it would become part of the value); only CSV does (`safeCsvText`). exceljs writes a
 * string value as a string cell, never a formula (that takes a `{ formula }` object).
 */
export function text (value: unknown): string {
  return value === null || value === undefined ? '' : String(value)
}
