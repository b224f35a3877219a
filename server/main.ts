import { buildApp } from './app.js'
import { ensureFirstAdmin, writeFirstAdminFile } from './admin/accounts.js'
import { hostname } from 'node:os'
import { inspect } from 'node:util'
import { ConfigError, loadConfig, productionRequested, type Config } from './config.js'
import { explainStartFailure } from './start-errors.js'

/**
 * Prints a line for the operator on standard output (errors on standard error): in production a JSON line like the
 * log's, so the journal holds JSON only; elsewhere the plain text.
 */
function say (level: 'info' | 'warn' | 'error', text: string): void {
  const line = productionRequested()
    ? JSON.stringify({ level: { info: 30, warn: 40, error: 50 }[level], time: new Date().toISOString(), pid: process.pid, hostname: hostname(), msg: text })
    : text
  if (level === 'info') console.log(line)
  else console.error(line)
}

/** Stops the process with one line naming the cause when it is one an operator can act on, else the stack trace. */
function stop (err: unknown, config: Config | null): never {
  const line = config === null ? null : explainStartFailure(err, config)
  say('error', line ?? inspect(err))
  process.exit(1)
}

/** Starts the server from the environment and closes it cleanly on SIGTERM and SIGINT. */
async function main (): Promise<void> {
  // Everything the server writes (database, WAL, backups, e-mail files with live links) is for its owner only.
  process.umask(0o077)
  let config: Config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      say('error', err.message)
      process.exit(1)
    }
    stop(err, null)
  }
  const app = await buildApp(config, { mailIntervalMs: 30_000 }).catch((err: unknown) => stop(err, config))
  const first = await ensureFirstAdmin(app.db, config.adminEmail, new Date())
  if (first !== null) {
    const file = writeFirstAdminFile(config.dataDir, first, `${config.publicUrl}/admin`)
    app.log.warn({ file }, 'first admin created; the login is in the file named here (readable by its owner only)')
    say('info', `En administratör har skapats. E-postadress och lösenord finns i ${file} (bara läsbar för ägaren). Ta bort filen när du har loggat in.`)
  }
  const close = async (signal: string): Promise<void> => {
    app.log.info({ signal }, 'shutting down')
    await app.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => { void close('SIGTERM') })
  process.once('SIGINT', () => { void close('SIGINT') })
  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (err) {
    await app.close().catch(() => {})
    stop(err, config)
  }
  say('info', `Enkäten körs på ${config.publicUrl} (lyssnar på ${config.host}:${config.port})`)
}

await main()
