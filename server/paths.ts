import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The project root, resolved from this file so sources and builds agree. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** An absolute path below the project root. */
export function fromRoot (...parts: string[]): string {
  return resolve(projectRoot, ...parts)
}
