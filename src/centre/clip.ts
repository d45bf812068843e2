/**
 * Shorten a text for list answers (search, browse page) to at most `max` characters plus "…", never splitting a
 * surrogate pair; the record's own endpoint has the full text. Non-strings pass through.
 */
export function clip<T>(text: T, max: number): T | string {
  if (typeof text !== 'string' || text.length <= max) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return text.slice(0, cut) + '…';
}
