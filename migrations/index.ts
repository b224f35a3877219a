import type { Migration } from 'kysely'
import * as initial from './2026-11-27-initial.js'
import * as mail from './2026-11-28-mail.js'
import * as admin from './2026-11-29-admin.js'
import * as resultsVersion from './2026-11-30-results-version.js'
import * as eventActor from './2026-12-01-event-actor.js'
import * as healthProbe from './2026-12-02-health-probe.js'
import * as mailingTime from './2026-12-03-mailing-time.js'
import * as mailingPause from './2026-12-04-mailing-pause.js'
import * as serverState from './2026-12-05-server-state.js'
import * as roundPurged from './2026-12-06-round-purged.js'
import * as answerRows from './2026-12-07-answer-rows-and-tallies.js'
import * as roundsAndRegister from './2026-12-08-rounds-and-register.js'
import * as registerSnapshot from './2026-12-09-register-snapshot.js'
import * as questionnaireVersions from './2026-12-10-questionnaire-versions.js'
import * as roundClosedAt from './2026-12-11-round-closed-at.js'
import * as roundNames from './2026-12-12-round-names.js'
import * as surveys from './2026-12-13-surveys.js'
import * as auditSurvey from './2026-12-14-audit-survey.js'

/** Every migration, by name; an explicit map so source and build runs find the same set. */
export const migrations: Record<string, Migration> = {
  '2026-11-27-initial': initial,
  '2026-11-28-mail': mail,
  '2026-11-29-admin': admin,
  '2026-11-30-results-version': resultsVersion,
  '2026-12-01-event-actor': eventActor,
  '2026-12-02-health-probe': healthProbe,
  '2026-12-03-mailing-time': mailingTime,
  '2026-12-04-mailing-pause': mailingPause,
  '2026-12-05-server-state': serverState,
  '2026-12-06-round-purged': roundPurged,
  '2026-12-07-answer-rows-and-tallies': answerRows,
  '2026-12-08-rounds-and-register': roundsAndRegister,
  '2026-12-09-register-snapshot': registerSnapshot,
  '2026-12-10-questionnaire-versions': questionnaireVersions,
  '2026-12-11-round-closed-at': roundClosedAt,
  '2026-12-12-round-names': roundNames,
  '2026-12-13-surveys': surveys,
  '2026-12-14-audit-survey': auditSurvey
}
