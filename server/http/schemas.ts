import type { FastifySchemaCompiler, FastifyTypeProvider } from 'fastify'
import { z } from 'zod'

/** Route schemas are zod schemas: the request is checked by them and the handler sees their output types. */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown
}

/** Checks params, query strings and bodies with the route's zod schema; what it outputs is what the handler gets. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema }) => (data) => {
  const r = schema.safeParse(data)
  return r.success ? { value: r.data } : { error: new Error(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')) }
}

/** One form field as the form parser gives it: once, or repeated (an array). Its meaning is checked where it is used, with a Swedish message beside the field. */
export const formValue = z.union([z.string(), z.array(z.string())])

/** A form body with these named fields (each may be missing); other fields, such as the CSRF token or answers, pass through. */
export function formBody<S extends Record<string, z.ZodType>> (shape: S): z.ZodObject<{ [K in keyof S]: z.ZodOptional<S[K]> }, z.core.$loose> {
  return z.looseObject(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as { [K in keyof S]: z.ZodOptional<S[K]> })
}

/** A form body of any fields (a questionnaire page: its fields come from the questionnaire). */
export const anyFormBody = z.record(z.string(), formValue)

/** A query string value: a short string, or undefined when missing, repeated or too long (a filter that cannot be read is no filter). */
export function queryText (max = 100): z.ZodType<string | undefined> {
  return z.string().max(max).optional().catch(undefined)
}

/** An organisation code in a path (kommunkod, länskod, or a test copy such as 0180-2). */
export const organisationCode = z.string().regex(/^[0-9A-Za-z-]{1,20}$/)

/** A numeric id in a path. */
export const numericId = z.string().regex(/^\d{1,9}$/).transform(Number)
