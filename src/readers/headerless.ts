/**
 * Whether the names a reader took from the first row look like data rather than a header: most of them are long
 * text, sentences, URLs or paths, e-mail addresses, dates, codes or numbers (years such as 2023 excepted: columns
 * are often named by year). Real county portal exports (e.g. the Yilan catalogue) have no header row, and read
 * with one they silently lose their first record.
 */
export function headerLooksLikeData(names: string[]): boolean {
  const cells = names.map((n) => n.trim()).filter((n) => n && !/^#\d+$/.test(n));
  // Fill-in instructions above the header (必填。…, 选填) are another problem, answered by --header-row.
  if (cells.length < 2 || cells.some((c) => /^(必填|选填)/.test(c))) return false;
  const dataLike = cells.filter(cellLooksLikeData).length;
  return dataLike * 2 >= cells.length;
}

function cellLooksLikeData(s: string): boolean {
  if (/^(19|20)\d\d(年)?$/.test(s)) return false;
  return [...s].length > 15
    || /[。，；！？]/.test(s)
    || /^(https?:\/\/|www\.|\/[\w.-]+\/)/i.test(s)
    || /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(s)
    || /^\d{4}[-/.年]\d{1,2}([-/.月]\d{1,2}日?)?/.test(s)
    || /^[-+]?\d+([.,]\d+)?%?$/.test(s)
    || /^[0-9A-Z]{6,}([/-][0-9A-Z]+)*$/.test(s);
}
