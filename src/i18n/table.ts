/**
 * One folder's messages: code → its zh and en templates, `{name}` placeholders filled from params.
 * Every folder keeps its table in its own messages.json, plain data (`{ "code": { "zh": "…", "en": "…" } }`);
 * src/i18n/catalogue.ts reads them all on the first message rendered.
 */
export type MessageTable = Record<string, { zh: string; en: string }>;

/** One code's zh and en templates. */
export type MessageEntry = { zh: string; en: string };

/** Where render() finds a code: a table, or a function that looks the code up (tables read on demand). */
export type MessageSource = Readonly<MessageTable> | ((code: string) => MessageEntry | undefined);
