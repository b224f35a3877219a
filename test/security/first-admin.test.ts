import { spawn } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { entryArgs } from '../helpers/entry.js'
import t from 'tap'
import { fromRoot } from '../../server/paths.js'
import { passwordProblem } from '../../server/admin/passwords.js'
import { tempDir, testEnv } from '../helpers/app.js'

t.test('12. the first admin\'s password goes to an owner-only file, never to the log stream', async (t) => {
  const dir = tempDir(t)
  const env = { ...process.env, ...testEnv(dir), PORT: '0', LOG_LEVEL: 'info' }
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, entryArgs('server/main'), { env, cwd: fromRoot(), stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    const take = (c: Buffer): void => {
      out += String(c)
      if (/Enkäten körs på/.test(out)) child.kill('SIGTERM')
    }
    child.stdout.on('data', take)
    child.stderr.on('data', take)
    child.on('exit', () => { resolve(out) })
    child.on('error', reject)
  })
  const file = join(dir, 'forsta-administratoren.txt')
  const text = readFileSync(file, 'utf8')
  const password = /lösenord: (\S+)/.exec(text)?.[1] ?? ''
  t.equal(password.length, 20, 'the file holds the generated password')
  t.equal(statSync(file).mode & 0o777, 0o600, 'readable by its owner only')
  t.notOk(output.includes(password), 'the password is not in anything the process printed')
  t.ok(output.includes(file), 'the file\'s path is printed')
})

t.test('admin passwords: at least 12 characters and not easy to guess', async (t) => {
  t.match(passwordProblem('kort'), /minst 12 tecken/)
  t.match(passwordProblem('password1234'), /för lätt att gissa/)
  t.match(passwordProblem('qwertyuiop123'), /för lätt att gissa/)
  t.match(passwordProblem('analytiker@skr.se1', ['analytiker@skr.se']), /för lätt att gissa/, 'the address itself')
  t.equal(passwordProblem('korrekt häst batteri häftklammer'), null)
  t.equal(passwordProblem('rätt-lösenord-för-test'), null)
})
