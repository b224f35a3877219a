import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The nearest folder at or above `start` that holds package.json. */
function findRoot (start: string): string {
  let dir = start
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`no package.json above ${start}`)
    dir = parent
  }
  return dir
}

/**
 * The project root: the folder with package.json, found by walking up from this file, so that sources
 * (server/paths.ts) and a build (dist/server/paths.js) find views/, public/ and reference data in the same place.
 */
export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)))

/** An absolute path below the project root. */
export function fromRoot (...parts: string[]): string {
  return resolve(projectRoot, ...parts)
}

/** Whether the process runs the TypeScript sources (npm run dev, through tsx) rather than the build in dist/. */
export const runningFromSources = import.meta.url.endsWith('.ts')
