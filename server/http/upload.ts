import type { FastifyRequest } from 'fastify'

/** What a multipart post of one file brought: the form's CSRF token, the file's bytes and whether it was cut at the limit. */
export type Upload =
  | { received: true, csrf: unknown, bytes: Buffer | null, tooLarge: boolean, fields: Record<string, string> }
  | { received: false }

/**
 * Reads a multipart post with one file field `file` (any other file part is read and dropped), the `_csrf` field and other short text fields; the size limits are the multipart
 * plugin's, registered by the route. A file past the limit is reported as `tooLarge`, not thrown; a broken stream
 * is `received: false`, for the route to answer in its own words.
 */
export async function readUpload (request: FastifyRequest): Promise<Upload> {
  let csrf: unknown
  let bytes: Buffer | null = null
  let tooLarge = false
  const fields: Record<string, string> = {}
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field' && part.fieldname === '_csrf') csrf = part.value
      else if (part.type === 'field' && typeof part.value === 'string') fields[part.fieldname] = part.value
      if (part.type !== 'file') continue
      if (part.fieldname === 'file' && bytes === null) {
        bytes = await part.toBuffer()
        tooLarge = part.file.truncated
      } else {
        // Every file part must be read to its end, or the parser waits for it and the request never ends: one
        // under another name (or a second file) is read and dropped, and the form counts as without its file.
        for await (const chunk of part.file) void chunk
      }
    }
  } catch (err) {
    if ((err as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') return { received: false }
    tooLarge = true
  }
  return { received: true, csrf, bytes, tooLarge, fields }
}
