import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { privateDir, writePrivateFile } from './files.js'
import { dirname, isAbsolute, join } from 'node:path'
import { z } from 'zod'
import { fromRoot } from './paths.js'
import { explainStartFailure } from './start-errors.js'

/** A yes/no setting: true/false, 1/0, yes/no or on/off in any case; off when unset. */
const flag = z.string().trim().toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { error: 'must be true or false (also accepted: 1/0, yes/no, on/off)' }))
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v))
  .default(false)

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/survey.db'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_OUTBOX_DIR: z.string().min(1).default('data/outbox'),
  MAIL_FROM: z.string().min(3).default('SKR Internationella samarbeten <enkat@skr.se>'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ADMIN_EMAIL: z.email().default('admin@skr.se'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONTACT_EMAIL: z.email().optional(),
  ALLOW_FILE_MAIL: flag,
  ALLOW_LOCAL_PUBLIC_URL: flag,
  DPO_CONTACT: z.string().min(3).max(300).default('dataskyddsombud@skr.se'),
  TRUST_PROXY: z.string().regex(/^[0-9a-fA-F:./]+(\s*,\s*[0-9a-fA-F:./]+)*$/, 'must be a comma-separated list of proxy IP addresses or CIDR ranges, e.g. 127.0.0.1').optional()
})

export interface Config {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  databasePath: string
  dataDir: string
  publicUrl: string
  smtpUrl: string | null
  outboxDir: string
  mailFrom: string
  /** The one address people are told to write to, on every page and e-mail that names one (CONTACT_EMAIL). */
  contactEmail: string
  sessionSecret: string
  logLevel: string
  adminEmail: string
  /** How to reach the data protection officer, shown on the privacy page. */
  dpoContact: string
  /** Addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For is believed; empty when none is. */
  trustProxy: string[]
}

/** Whether the environment asks for production, read before (or without) a valid config: how to print a failed start. */
export function productionRequested (env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV?.trim() === 'production'
}

/** Thrown when the environment holds a bad value; the message names the variable. */
export class ConfigError extends Error {}

/** Parses the environment once; a bad value throws ConfigError naming the variable. */
export function loadConfig (env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''))
  const parsed = envSchema.safeParse(input)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  const e = parsed.data
  if (e.NODE_ENV === 'production' && e.SESSION_SECRET === undefined) {
    throw new ConfigError('Invalid configuration:\n  SESSION_SECRET: required when NODE_ENV=production')
  }
  // In production a forgotten SMTP_URL would "send" every invitation to files, and a localhost PUBLIC_URL would put
  // links in e-mails that work for nobody: both are refused unless asked for.
  if (e.NODE_ENV === 'production' && e.SMTP_URL === undefined && !e.ALLOW_FILE_MAIL) {
    throw new ConfigError('Invalid configuration:\n  SMTP_URL: required when NODE_ENV=production (or set ALLOW_FILE_MAIL=true to write e-mail as files on purpose)')
  }
  const publicHost = e.PUBLIC_URL === undefined ? 'localhost' : new URL(e.PUBLIC_URL).hostname
  if (e.NODE_ENV === 'production' && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(publicHost) && !e.ALLOW_LOCAL_PUBLIC_URL) {
    throw new ConfigError('Invalid configuration:\n  PUBLIC_URL: must be the address users reach when NODE_ENV=production, not localhost (or set ALLOW_LOCAL_PUBLIC_URL=true)')
  }
  const contactEmail = e.CONTACT_EMAIL ?? addressIn(e.MAIL_FROM)
  if (contactEmail === null) {
    throw new ConfigError(`Invalid configuration:\n  CONTACT_EMAIL: required because MAIL_FROM (${e.MAIL_FROM}) holds no e-mail address to show instead`)
  }
  const databasePath = absolute(e.DATABASE_PATH)
  const dataDir = dirname(databasePath)
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databasePath,
    dataDir,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    smtpUrl: e.SMTP_URL ?? null,
    outboxDir: absolute(e.MAIL_OUTBOX_DIR),
    mailFrom: e.MAIL_FROM,
    contactEmail,
    sessionSecret: e.SESSION_SECRET ?? secretOrExplain(dataDir, { databasePath, host: e.HOST, port: e.PORT }),
    logLevel: e.LOG_LEVEL,
    adminEmail: e.ADMIN_EMAIL,
    dpoContact: e.DPO_CONTACT,
    trustProxy: (e.TRUST_PROXY ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '')
  }
}

/** The e-mail address in a From value ("Name <a@b.se>" or a bare address), or null when it holds none. */
function addressIn (from: string): string | null {
  const address = (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim()
  return z.email().safeParse(address).success ? address : null
}

function absolute (path: string): string {
  return isAbsolute(path) ? path : fromRoot(path)
}

function secretOrExplain (dataDir: string, where: { databasePath: string, host: string, port: number }): string {
  try {
    return localSecret(dataDir)
  } catch (err) {
    const line = explainStartFailure(err, where)
    if (line !== null) throw new ConfigError(line)
    throw err
  }
}

/** Outside production the secret is generated once and kept beside the database. */
function localSecret (dataDir: string): string {
  const file = join(dataDir, 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  privateDir(dataDir)
  const secret = randomBytes(32).toString('base64url')
  try {
    writePrivateFile(file, `${secret}\n`, 'wx')
    return secret
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    return readFileSync(file, 'utf8').trim()
  }
}
