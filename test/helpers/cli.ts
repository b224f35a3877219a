import type { CliIo } from '../../server/cli/types.js'

/** Runs a CLI command with an io that keeps its lines: the exit code, standard output, standard error, and both in order. */
export async function capture (fn: (io: CliIo) => Promise<number>): Promise<{ code: number, out: string, err: string, text: string }> {
  const out: string[] = []
  const err: string[] = []
  const all: string[] = []
  const io: CliIo = { out: (l) => { out.push(l); all.push(l) }, err: (l) => { err.push(l); all.push(l) }, confirm: null }
  return { code: await fn(io), out: out.join('\n'), err: err.join('\n'), text: all.join('\n') }
}
