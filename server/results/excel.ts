import type ExcelJSModule from 'exceljs'
import { safeCell } from '../survey/csv.js'

let excel: typeof ExcelJSModule | undefined

/** exceljs, loaded on the first XLSX download rather than at every start (it is the largest module the server has). */
export async function excelJs (): Promise<typeof ExcelJSModule> {
  excel ??= (await import('exceljs')).default
  return excel
}

/** A string cell that can never be read as a formula. */
export function text (value: unknown): string {
  return safeCell(value)
}

