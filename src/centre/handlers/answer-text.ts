import type { Lang } from '../../i18n/lang.js';
import type { Issue } from '../../issues/issue.js';
import { tCode } from '../../i18n/t.js';
import { renderIssues } from '../../i18n/render-issue.js';
import type { CentreError, RegistrationAnswer } from '../register.js';
import { errorBody } from '../respond.js';

/**
 * The centre's answers worded in the request's language, at the edge: registration and errors below it carry
 * codes + params (issues, CentreError), and this is the one place they become text (centre-api.<code>).
 */

/** An error answer for `code`, worded by the centre's table. */
export const apiErrorBody = (code: string, lang: Lang, params: Record<string, unknown> = {}, details?: Record<string, unknown>) =>
  errorBody(code, tCode(`centre-api.${code}`, lang, params), details);

const isIssueList = (v: unknown): v is Issue[] => Array.isArray(v);

/** Issues inside an error's details (a package's verify issues, the offenders of an ownership refusal), worded. */
function renderDetails(details: Record<string, unknown> | undefined, lang: Lang): Record<string, unknown> | undefined {
  if (!details) return details;
  const out = { ...details };
  if (isIssueList(details.issues)) out.issues = renderIssues(details.issues, lang);
  if (Array.isArray(details.rejected)) out.rejected = details.rejected.map((r: { issues?: unknown }) => (isIssueList(r?.issues) ? { ...r, issues: renderIssues(r.issues, lang) } : r));
  return out;
}

/** A refusal as its JSON error answer: message and any issues of its details in `lang`. */
export const centreErrorBody = (err: CentreError, lang: Lang) =>
  errorBody(err.code, tCode(`centre-api.${err.messageCode}`, lang, err.params), renderDetails(err.details, lang));

/**
 * A registration answer as sent: each rejected record's and warning's issues worded in `lang`. Stored answers are
 * kept as codes + params, so a repeated upload is answered in the language it asks for.
 */
export function renderAnswer(answer: RegistrationAnswer, lang: Lang): RegistrationAnswer {
  return {
    ...answer,
    rejected: answer.rejected.map((r) => ({ ...r, issues: renderIssues(r.issues, lang) })),
    ...(answer.warnings ? { warnings: answer.warnings.map((w) => ({ ...w, issues: renderIssues(w.issues, lang) })) } : {}),
  };
}
