// The install guide's files as an operator uses them: the example environment file parses the same for systemd
// and sh and gives a valid production config once SESSION_SECRET is made; enkat-cli runs the CLI with the unit's
// and the file's settings.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { loadConfig } from '../../server/config.js'
import { fromRoot } from '../../server/paths.js'
import { tempDir } from '../helpers/app.js'

const example = readFileSync(fromRoot('server/deploy/enkat.env.example'), 'utf8')

/** The environment an sh `set -a; . file` gives, as systemd's EnvironmentFile would for these lines. */
function sourced (file: string): Record<string, string> {
  const res = spawnSync('sh', ['-c', `set -a; . "${file}"; env -0`], { env: {}, encoding: 'utf8' })
  if (res.status !== 0) throw new Error(res.stderr)
  return Object.fromEntries(res.stdout.split('\0').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
}

t.test('the example environment file: single-quoted values, the same for sh and systemd, and a valid production config', async (t) => {
  const settings = example.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'))
  for (const line of settings) t.match(line, /^[A-Z_]+='[^']*'$/, `${line.split('=')[0]}: NAME='value', nothing systemd and sh read differently`)
  const dir = tempDir(t)
  const file = join(dir, 'enkat.env')
  writeFileSync(file, example)
  const make = /sed -i "(s\/\^SESSION_SECRET=\.\*\/SESSION_SECRET='\$\(openssl rand -hex 32\)'\/)" \/etc\/enkat\/enkat\.env/.exec(example)
  t.ok(make !== null, 'the file says how to make SESSION_SECRET')
  t.equal(spawnSync('sh', ['-c', `sed -i "${make![1]!}" "${file}"`]).status, 0, 'the command runs')
  const env = sourced(file)
  t.match(env.SESSION_SECRET, /^[0-9a-f]{64}$/, 'a 256-bit secret')
  t.equal(env.MAIL_FROM, 'SKR Internationella samarbeten <enkat@skr.se>', 'MAIL_FROM with spaces and <> survives sourcing')
  const config = loadConfig({ ...env, NODE_ENV: 'production', DATABASE_PATH: join(dir, 'survey.db') })
  t.equal(config.publicUrl, 'https://enkat.skr.se')
  t.equal(config.contactEmail, 'enkat@skr.se')
  t.equal(config.smtpUrl, 'smtp://enkat:l%C3%B6senord@smtp.skr.se:587')
})

const root = process.getuid?.() === 0
t.test('enkat-cli runs the CLI with the unit\'s settings and the environment file, as the service user', { skip: root ? false : 'enkat-cli drops privileges and must run as root (CI does)' }, async (t) => {
  const dir = tempDir(t)
  const unit = readFileSync(fromRoot('server/deploy/enkat.service'), 'utf8')
    .replace('Environment=DATABASE_PATH=/var/lib/enkat/survey.db', `Environment=DATABASE_PATH=${join(dir, 'data', 'survey.db')}`)
    .replace('Environment=MAIL_OUTBOX_DIR=/var/lib/enkat/outbox', `Environment=MAIL_OUTBOX_DIR=${join(dir, 'data', 'outbox')}`)
  writeFileSync(join(dir, 'enkat.service'), unit)
  writeFileSync(join(dir, 'enkat.env'), example.replace(/^SESSION_SECRET=.*$/m, `SESSION_SECRET='${'a1'.repeat(32)}'`))
  const run = (args: string[], user = 'root'): { status: number | null, out: string } => {
    const res = spawnSync('sh', [fromRoot('server/deploy/enkat-cli'), ...args], {
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ENKAT_UNIT: join(dir, 'enkat.service'), ENKAT_ENV_FILE: join(dir, 'enkat.env'), ENKAT_APP: fromRoot(), ENKAT_USER: user },
      encoding: 'utf8'
    })
    return { status: res.status, out: res.stdout + res.stderr }
  }
  const migrated = run(['migrate'])
  t.equal(migrated.status, 0, migrated.out)
  t.notMatch(migrated.out, /Invalid configuration/, 'the production settings are all there')
  const backup = run(['backup', join(dir, 'kopia.db')])
  t.equal(backup.status, 0, backup.out)
  t.match(backup.out, 'integrity_check: ok', 'it works on the database named in the unit')
  t.match(run(['help']).out, 'round close', 'the usage lists the commands')
})
