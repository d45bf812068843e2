/** 1-based column number → spreadsheet letter (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  if (Number.isInteger(n) && n >= 0 && n < LETTERS.length) return (LETTERS[n] ??= letters(n));
  return letters(n);
}
/** Letters of the first columns, computed once (readers ask for every cell of every row). */
const LETTERS: (string | undefined)[] = new Array(1024);

function letters(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** 1-based row and column → cell reference ("C2"). */
export function cellRef(row: number, column: number): string {
  return `${columnLetter(column)}${row}`;
}

/**
 * Header names for a row of header cells: trimmed (inner line breaks become spaces); an empty cell is named by its
 * 1-based position; a repeated name gets " (2)", " (3)"… so no value is lost.
 */
export function headerNames(cells: unknown[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((c, i) => {
    let name = c === null || c === undefined ? '' : String(c).replace(/\s*[\r\n]+\s*/g, ' ').trim();
    if (!name) name = String(i + 1);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

/** Names "1", "2", … for headerless input. */
export function positionNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(i + 1));
}
