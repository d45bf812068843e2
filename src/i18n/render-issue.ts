import type { Issue } from '../issues/issue.js';
import type { Lang } from './lang.js';
import { messageEntry } from './catalogue.js';
import { paramText, render } from './t.js';

/**
 * An issue as readers see it, at the edge (report renderers, CLI, the centre's HTTP answers): `message` in
 * `lang` from the catalogue, and params in that language too (bilingual labels picked, nested messages
 * rendered), so JSON output keeps its shape. An issue that already has text (a stage not yet converted)
 * keeps it.
 */
export function renderIssue(issue: Issue, lang: Lang): Issue & { message: string } {
  const { params, message: given, wording, ...rest } = issue;
  const message = given ?? (wording ? render(messageEntry, wording.msg, lang, wording.params ?? params) : render(messageEntry, issue.code, lang, params));
  if (!params) return { ...rest, message };
  const shown: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) shown[k] = paramText(messageEntry, v, lang);
  return { ...rest, message, params: shown };
}

/** renderIssue over a list. */
export const renderIssues = (issues: readonly Issue[], lang: Lang) => issues.map((i) => renderIssue(i, lang));
