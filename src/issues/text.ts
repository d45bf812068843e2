/**
 * Values an issue's params may carry besides plain strings and numbers, resolved to one language only at the
 * edge: a text known in both languages (a field label, a profile's hint) and a nested message (a
 * "did you mean" tail, a reason). Both are plain JSON, so issues cross worker threads and HTTP unchanged.
 */
export interface Text {
  zh: string;
  en: string;
}

/** A message inside a message: `{ msg: code, params }`, rendered with the same catalogue. */
export interface MessageRef {
  msg: string;
  params?: Record<string, unknown>;
}

export const text = (zh: string, en: string): Text => ({ zh, en });
export const ref = (msg: string, params?: Record<string, unknown>): MessageRef => (params ? { msg, params } : { msg });

/** Exactly `{ zh, en }` with two strings: a bilingual text. */
export function isText(v: unknown): v is Text {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.zh === 'string' && typeof o.en === 'string' && Object.keys(o).length === 2;
}

export function isMessageRef(v: unknown): v is MessageRef {
  return !!v && typeof v === 'object' && typeof (v as MessageRef).msg === 'string' && Object.keys(v).every((k) => k === 'msg' || k === 'params');
}
