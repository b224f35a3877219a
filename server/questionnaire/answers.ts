export interface MultiAnswer { selected: string[], other: string | null }
export type RowAnswer = Record<string, string | string[] | null>
export type ContactAnswer = Record<string, string | null>
export type AnswerValue = string | MultiAnswer | RowAnswer[] | ContactAnswer | null

/** Stored answers by question id; a missing id means not answered. */
export type Answers = Record<string, AnswerValue | undefined>
