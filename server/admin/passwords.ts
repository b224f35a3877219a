import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'

const N = 2 ** 15
const R = 8
const P = 1
const KEY_LENGTH = 64

function derive (password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: 128 * n * r * 2 }, (err, key) => { err === null ? resolve(key) : reject(err) })
  })
}

/** An scrypt hash (N=2^15, r=8, p=1, 16-byte salt) with its parameters, so they can be raised later. */
export async function hashPassword (password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, N, R, P)
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword (password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || key === undefined || salt === undefined) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p))
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** A generated password: 20 characters from an alphabet without look-alikes (about 115 bits). */
export function generatePassword (): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const bytes = randomBytes(20)
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('')
}

/** A dummy hash to spend the same time on unknown accounts. */
export const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=='

const MIN_LENGTH = 12
let estimator: ZxcvbnFactory | null = null

/**
 * Why a chosen admin password is refused, in Swedish, or null when it is good enough: at least 12 characters and a
 * zxcvbn score of 3 or more (no common passwords, keyboard walks, or the address or product name in it).
 */
export function passwordProblem (password: string, userInputs: string[] = []): string | null {
  if (password.length < MIN_LENGTH) return `Lösenordet måste vara minst ${MIN_LENGTH} tecken.`
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs })
  const inputs = [...userInputs, ...userInputs.flatMap((s) => s.split(/[@.]/)), 'skr', 'enkät', 'enkat', 'internationella', 'samarbeten', 'vänort']
  const result = estimator.check(password, inputs.filter((s) => s.length > 0))
  return result.score >= 3 ? null : 'Lösenordet är för lätt att gissa. Välj ett längre lösenord, gärna flera ord som inte hör ihop.'
}
