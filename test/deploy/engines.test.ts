// `npm ci` on the supported Node prints no engine warning: every package the lock file installs declares support
// for the Node that runs the tests (CI runs Node 20, the version the README names).
import { readFileSync } from 'node:fs'
import semver from 'semver'
import t from 'tap'
import { fromRoot } from '../../server/paths.js'

interface LockEntry { version?: string, engines?: Record<string, string> | string[], optional?: boolean }

t.test('no installed package excludes the running Node in engines.node', async (t) => {
  const lock = JSON.parse(readFileSync(fromRoot('package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }
  const excluded: string[] = []
  let checked = 0
  for (const [path, entry] of Object.entries(lock.packages)) {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node
    if (path === '' || range === undefined) continue
    checked++
    if (!semver.satisfies(process.version, range, { includePrerelease: true })) excluded.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'} wants node ${range}`)
  }
  t.ok(checked > 100, `the lock file's engines were read (${checked} packages)`)
  t.same(excluded, [], `every package supports Node ${process.version}`)
})

t.test('the check catches a package that excludes this Node', async (t) => {
  t.notOk(semver.satisfies(process.version, `>=${semver.major(process.version) + 1}`), 'a range from the next major excludes it')
  t.notOk(semver.satisfies('v20.20.2', '^22 || ^24 || >=26'), 'nanoid 6\'s range excludes Node 20')
})
