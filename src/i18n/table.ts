/**
 * One folder's messages: code → its zh and en templates, `{name}` placeholders filled from params.
 * Every folder keeps its table in its own messages.ts as plain data (`export const messages = {…} satisfies
 * MessageTable`); src/i18n/catalogue.ts imports them all.
 */
export type MessageTable = Record<string, { zh: string; en: string }>;
