import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { ConfigError, loadConfig } from '../server/config.js'
import { tempDir, testEnv } from './helpers/app.js'

t.test('defaults', async (t) => {
  const dir = tempDir(t)
  const config = loadConfig({ DATABASE_PATH: join(dir, 'survey.db') })
  t.equal(config.port, 3000)
  t.equal(config.host, '127.0.0.1')
  t.equal(config.publicUrl, 'http://localhost:3000')
  t.equal(config.smtpUrl, null)
  t.match(config.outboxDir, /data\/outbox$/)
  t.ok(config.sessionSecret.length >= 32, 'a secret is generated')
  t.ok(existsSync(join(dir, 'session-secret')), 'and kept in the data folder')
  t.equal(loadConfig({ DATABASE_PATH: join(dir, 'survey.db') }).sessionSecret, config.sessionSecret, 'the same on the next start')
  t.equal(readFileSync(join(dir, 'session-secret'), 'utf8').trim(), config.sessionSecret)
  t.equal(loadConfig({ DATABASE_PATH: join(dir, 'survey.db'), PORT: '8080' }).publicUrl, 'http://localhost:8080', 'links follow PORT when PUBLIC_URL is unset')
})

t.test('a bad value stops the start with a message naming the variable', async (t) => {
  const dir = tempDir(t)
  const cases: Array<[Record<string, string>, string]> = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ NODE_ENV: 'production' }, 'SESSION_SECRET: required when NODE_ENV=production'],
    [{ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), PUBLIC_URL: 'https://enkat.skr.se' }, 'SMTP_URL: required when NODE_ENV=production'],
    [{ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), SMTP_URL: 'smtp://mail.skr.se:587', PUBLIC_URL: 'http://localhost:3000' }, 'PUBLIC_URL: must be the address users reach']
  ]
  for (const [extra, name] of cases) {
    let message = ''
    try {
      loadConfig(testEnv(dir, extra))
    } catch (err) {
      t.type(err, ConfigError)
      message = (err as Error).message
    }
    t.match(message, name, `names ${name}`)
  }
  const prod = loadConfig(testEnv(dir, { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), PUBLIC_URL: 'https://enkat.skr.se/', SMTP_URL: 'smtp://mail.skr.se:587' }))
  t.ok(loadConfig(testEnv(dir, { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), PUBLIC_URL: 'http://127.0.0.1:3000', ALLOW_FILE_MAIL: 'true', ALLOW_LOCAL_PUBLIC_URL: 'true' })), 'both allowed on purpose')
  t.equal(prod.sessionSecret, 's'.repeat(40))
  t.equal(prod.publicUrl, 'https://enkat.skr.se', 'trailing slash removed')
})

t.test('yes/no settings accept true/false, 1/0, yes/no and on/off; anything else names the variable', async (t) => {
  const dir = tempDir(t)
  const prod = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), PUBLIC_URL: 'https://enkat.example' }
  for (const v of ['true', '1', 'yes', 'YES', 'on', ' True ']) t.doesNotThrow(() => loadConfig(testEnv(dir, { ...prod, ALLOW_FILE_MAIL: v })), `ALLOW_FILE_MAIL=${v}`)
  for (const v of ['false', '0', 'no', 'off']) t.throws(() => loadConfig(testEnv(dir, { ...prod, ALLOW_FILE_MAIL: v })), /SMTP_URL: required/, `ALLOW_FILE_MAIL=${v} is off`)
  t.throws(() => loadConfig(testEnv(dir, { ALLOW_FILE_MAIL: 'kanske' })), /ALLOW_FILE_MAIL: must be true or false \(also accepted: 1\/0, yes\/no, on\/off\)/)
  t.doesNotThrow(() => loadConfig(testEnv(dir, { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), SMTP_URL: 'smtp://mail.example', PUBLIC_URL: 'http://localhost:3000', ALLOW_LOCAL_PUBLIC_URL: '1' })), 'ALLOW_LOCAL_PUBLIC_URL=1')
})
