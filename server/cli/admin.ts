import { z } from 'zod'
import { addAdmin, resetPassword } from '../admin/accounts.js'
import { generatePassword, passwordProblem } from '../admin/passwords.js'
import { prepareDatabase } from '../plugins/database.js'
import { fail } from './links.js'
import { cliActor, type Command } from './types.js'

async function readStdin (): Promise<string | null> {
  if (process.stdin.isTTY === true) return null
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0]?.trim() ?? ''
  return text === '' ? null : text
}

async function passwordFrom (args: string[], email: string): Promise<{ password: string, generated: boolean } | { error: string }> {
  const given = args.includes('--stdin') ? await readStdin() : null
  if (args.includes('--stdin') && given === null) return { error: 'Inget lösenord på standard input.' }
  const problem = given === null ? null : passwordProblem(given, [email])
  if (problem !== null) return { error: problem }
  return given === null ? { password: generatePassword(), generated: true } : { password: given, generated: false }
}

/** admin add | reset-password. */
export const adminCommands: Record<string, Command> = {
  'admin add': async (db, config, args, io) => {
    const email = args.find((a) => !a.startsWith('--'))
    if (email === undefined || !z.email().safeParse(email).success) return fail(io, 'Ange en giltig e-postadress: npm run survey -- admin add namn@skr.se [--stdin]')
    const pw = await passwordFrom(args, email)
    if ('error' in pw) return fail(io, pw.error)
    await prepareDatabase(db, config, new Date())
    if (!(await addAdmin(db, email, pw.password, new Date(), cliActor()))) return fail(io, `Det finns redan en administratör med adressen ${email}.`)
    io.out(`Administratören ${email.toLowerCase()} är skapad.`)
    if (pw.generated) io.out(`Lösenord (visas bara nu): ${pw.password}`)
    return 0
  },
  'admin reset-password': async (db, config, args, io) => {
    const email = args.find((a) => !a.startsWith('--'))
    if (email === undefined) return fail(io, 'Ange administratörens e-postadress.')
    const pw = await passwordFrom(args, email)
    if ('error' in pw) return fail(io, pw.error)
    await prepareDatabase(db, config, new Date())
    if (!(await resetPassword(db, email, pw.password, cliActor()))) return fail(io, `Ingen administratör har adressen ${email}.`)
    io.out(`Nytt lösenord för ${email.toLowerCase()}${pw.generated ? ` (visas bara nu): ${pw.password}` : ' är satt.'}`)
    return 0
  }
}
