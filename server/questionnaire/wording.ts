import type { OrganisationKind, Wording } from './types.js'

const forms: Record<OrganisationKind, { org: string, orgGenitive: string }> = {
  municipality: { org: 'er kommun', orgGenitive: 'er kommuns' },
  region: { org: 'er region', orgGenitive: 'er regions' }
}

/** Fills `{org}` (and the genitive `{org}s`) with the form that fits the respondent. */
export function fillOrg (text: string, kind: OrganisationKind): string {
  return text.replaceAll('{org}s', forms[kind].orgGenitive).replaceAll('{org}', forms[kind].org)
}

/** The text of a wording for this kind of organisation. */
export function word (wording: Wording, kind: OrganisationKind): string {
  return typeof wording === 'string' ? wording : wording[kind]
}

/** A question's text for exports, where one text covers kommuner and regions alike. */
export function neutralText (text: string): string {
  return text.replaceAll('{org}s', 'organisationens').replaceAll('{org}', 'organisationen')
}

/** An option's label for exports; wordings that differ are joined with a slash. */
export function neutralLabel (o: { label: Wording }): string {
  return typeof o.label === 'string' ? o.label.replace(/:$/, '') : `${o.label.municipality} / ${o.label.region}`
}
