import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fromRoot } from '../../server/paths.js'

/** Whether the tests run from the build (dist/test/…) rather than from TypeScript sources. */
export const compiled = extname(fileURLToPath(import.meta.url)) === '.js'

/**
 * The node arguments that run one of the product's entry points (server/main, server/cli) the way the tests run:
 * the compiled file from the build, or the TypeScript source through tsx.
 */
export function entryArgs (entry: 'server/main' | 'server/cli' | 'test/bench/server' | 'test/bench/smtp-sink'): string[] {
  return compiled ? [fromRoot('dist', `${entry}.js`)] : ['--import', 'tsx', fromRoot(`${entry}.ts`)]
}
