// Compiles the TypeScript sources to dist/ with tsc (type-checked). Plain JavaScript, so it runs before any build.
//   node server/build.mjs             always build (npm run build, npm test)
//   node server/build.mjs --if-stale  build only when dist/ is missing or older than a source (npm start, survey, demo)
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const dist = join(root, 'dist')
const stamp = join(dist, '.built')

function newest (path) {
  const s = statSync(path)
  if (!s.isDirectory()) return /\.(ts|json)$/.test(path) ? s.mtimeMs : 0
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
}

function stale () {
  if (!existsSync(stamp)) return true
  const built = statSync(stamp).mtimeMs
  return ['server', 'migrations', 'test', 'tsconfig.json', 'package.json'].some((p) => existsSync(join(root, p)) && newest(join(root, p)) > built)
}

if (process.argv.includes('--if-stale') && !stale()) process.exit(0)

let tsc
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
} catch {
  console.error(existsSync(stamp)
    ? 'The build in dist/ is older than the sources, and TypeScript is not installed to rebuild it (run npm ci, then npm run build).'
    : 'No build in dist/ and TypeScript is not installed: run npm ci && npm run build first.')
  process.exit(1)
}
console.error('Bygger (tsc) …')
rmSync(dist, { recursive: true, force: true })
const result = spawnSync(process.execPath, [tsc, '-p', root, '--noEmit', 'false', '--outDir', dist, '--sourceMap'], { stdio: 'inherit' })
if (result.status !== 0) {
  rmSync(dist, { recursive: true, force: true })
  console.error('The build failed: tsc reported the errors above.')
  process.exit(result.status ?? 1)
}
writeFileSync(stamp, `${new Date().toISOString()}\n`)
