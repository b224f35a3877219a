import t from 'tap'
import { runCli } from '../../server/cli.js'
import { fromRoot } from '../../server/paths.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'
import { capture } from '../helpers/cli.js'

// A survey made but without a round yet: every command about its current round says so in one Swedish line.
t.test('commands about a survey without a round name it and how to make one, exit 1, no stack trace', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  await buildTestApp(t, { dir })
  const run = async (...args: string[]) => await capture(async (io) => await runCli(args, env, io))
  const made = await run('survey', 'create', 'digi', fromRoot('server', 'questionnaire', 'examples', 'digitalisering.json'))
  t.equal(made.code, 0, made.text)
  const expected = 'Enkäten digi har ingen omgång än. Skapa den första med: npm run survey -- round create <år> <öppnar> <sista-svarsdag> <stänger> --enkat=digi'
  for (const args of [['mail', 'status'], ['mail', 'preview', 'invitation'], ['mail', 'send', 'invitation', '--yes'], ['mail', 'schedule', 'invitation', '2030-01-07'],
    ['mail', 'retry', 'invitation'], ['links', 'export', `${dir}/l.csv`], ['links', 'reissue', '0180'], ['links', 'revoke', '0180'], ['round', 'show'],
    ['round', 'set-dates', '2030-02-01', '2030-03-01', '2030-03-29'], ['round', 'close', '--yes'], ['round', 'reopen', '2030-04-01'], ['privacy', 'purge', '--yes']]) {
    const r = await run(...args, '--enkat=digi')
    t.equal(r.code, 1, args.join(' '))
    t.equal(r.err, expected, args.join(' '))
    t.equal(r.out, '', args.join(' '))
  }
})
