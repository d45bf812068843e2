/** Separators for list cells: 、；;，, | and line breaks (full- and half-width). */
export const DEFAULT_SEPARATORS = '、；;，,|\n\r';
/** With the default separators, 、 splits only when none of these is present ("水利、环境和公共设施管理业,气象服务"). */
const STRONG_SEPARATORS = '；;，,|\n\r';

const escape = (s: string) => s.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, '\\$&');

/**
 * Split a list cell into its values. Handles "a、b；c", "a,b" (with the default separators, 、 is used only when no
 * comma, semicolon, bar or line break is present, since names such as "水利、环境和公共设施管理业" contain it), Python-style "['xls', 'api']" and bracketed
 * "[xml,xls,csv]" lists, "[]" (empty), and arrays already parsed. Values are trimmed; empties dropped; duplicates
 * dropped unless unique is false.
 */
export function splitList(value: unknown, separators = DEFAULT_SEPARATORS, unique = true): string[] {
  let parts: string[];
  if (Array.isArray(value)) parts = value.map((v) => (v === null || v === undefined ? '' : String(v)));
  else if (value === null || value === undefined) parts = [];
  else {
    let s = String(value).trim();
    const bracketed = /^\[(.*)\]$/s.exec(s);
    if (bracketed) s = bracketed[1];
    let seps = separators;
    if (separators === DEFAULT_SEPARATORS && new RegExp(`[${escape(STRONG_SEPARATORS)}]`).test(s)) seps = STRONG_SEPARATORS;
    const re = new RegExp(`[${escape(seps)}]`);
    parts = s.split(re).map((p) => p.trim().replace(/^(['"])(.*)\1$/s, '$2'));
  }
  const out = parts.map((p) => p.trim()).filter((p) => p !== '' && p !== 'null' && p !== 'None');
  return unique ? [...new Set(out)] : out;
}
