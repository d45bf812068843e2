/**
 * One folder's messages: code → its zh and en templates, `{name}` placeholders filled from params.
 * Every folder keeps its table in its own messages.json, plain data (`{ "code": { "zh": "…", "en": "…" } }`);
 * src/i18n/catalogue.ts reads them all on the first message rendered.
 */
export type MessageTable = Record<string, { zh: string; en: string }>;
