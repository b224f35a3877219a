import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { prepareDatabase } from '../plugins/database.js'
import { counted } from '../statistics/format.js'
import { formatDate } from '../survey/clock.js'
import { checkNewSurvey, createSurvey } from '../survey/new-survey.js'
import { currentRound, roundState } from '../survey/rounds.js'
import { listSurveys } from '../survey/surveys.js'
import { fail } from './links.js'
import { cliActor, type Command } from './types.js'
import { questionnaireText } from '../questionnaire/questionnaire.js'

const stateNames = { not_open: 'inte öppnad', open: 'öppen', closed: 'stängd' } as const

/** survey create | list: surveys from the command line, the creation audited like every change. */
export const surveyCommands: Record<string, Command> = {
  'survey create': async (db, config, args, io) => {
    const [slug, file] = args.filter((a) => !a.startsWith('--'))
    if (slug === undefined || file === undefined) return fail(io, 'Ange kortnamn och frågeformulär: npm run survey -- survey create <slug> <fil.json>, till exempel digitalisering server/questionnaire/examples/digitalisering.json')
    const path = resolve(file)
    if (!existsSync(path)) return fail(io, `Frågeformuläret ${path} finns inte.`)
    const content = questionnaireText(readFileSync(path))
    const now = new Date()
    await prepareDatabase(db, config, now)
    const checked = await checkNewSurvey(db, slug, content)
    if (!checked.ok) return fail(io, ['Ingen enkät skapades:', ...checked.problems.map((p) => `  ${p.message}`)].join('\n'))
    const survey = await createSurvey(db, slug, content, checked.questionnaire, cliActor(), now)
    io.out(`Enkäten ${survey.title} (${survey.slug}) är skapad med frågeformulär ${checked.questionnaire.name}: ${counted(checked.questionnaire.questions.length, 'fråga', 'frågor')} i ${counted(checked.questionnaire.sections.length, 'del', 'delar')}.`)
    io.out(`Nästa steg: skapa en omgång med npm run survey -- round create <år> <öppnar> <sista-svarsdag> <stänger> --enkat=${survey.slug}. Administrationen finns under /admin/${survey.slug}.`)
    return 0
  },
  'survey list': async (db, config, _args, io) => {
    const now = new Date()
    await prepareDatabase(db, config, now)
    for (const survey of await listSurveys(db)) {
      const round = await currentRound(db, survey.id)
      io.out(`${survey.slug}: ${survey.title}; ${round === undefined ? 'ingen omgång' : `omgång ${round.name} (${stateNames[roundState(round, now)]}, stänger ${formatDate(round.closes_on)})`}`)
    }
    return 0
  }
}
