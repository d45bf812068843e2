import { esc } from './layout.js';

/**
 * A horizontal bar chart as inline SVG, drawn on the server: no script, no external asset, scales to any width
 * (viewBox). Accessible: role="img" with a <title> and a <desc> that lists every bar in words, each bar its own
 * <title>; the numbers are also written next to the bars and kept as data-count for tests and scrapers.
 */

export interface Bar {
  label: string;
  count: number;
  /** Link of the bar's label (e.g. the browse page filtered to it), already escaped for an attribute: href() of layout.ts. */
  href?: string;
}

// a narrow drawing (scaled to the page width) keeps the 15-unit text readable on a 375 px phone
const WIDTH = 480;
const ROW = 28;
const LABEL_W = 180;
/** Characters of a label drawn in the chart; the whole label is in the bar's <title> and the <desc>. */
const LABEL_CHARS = 11;

const short = (s: string) => ([...s].length > LABEL_CHARS ? [...s].slice(0, LABEL_CHARS - 1).join('') + '…' : s);

export function barChart(id: string, title: string, desc: string, bars: Bar[]): string {
  const max = Math.max(1, ...bars.map((b) => b.count));
  const height = Math.max(1, bars.length) * ROW + 8;
  const rows = bars.map((b, i) => {
    const y = 4 + i * ROW;
    const w = Math.max(1, Math.round(((WIDTH - LABEL_W - 50) * b.count) / max));
    const label = `<text x="${LABEL_W - 8}" y="${y + 18}" text-anchor="end" font-size="15">${esc(short(b.label))}</text>`;
    return `<g class="bar" data-label="${esc(b.label)}" data-count="${b.count}"><title>${esc(b.label)}: ${b.count}</title>
${b.href ? `<a href="${b.href}">${label}</a>` : label}<rect x="${LABEL_W}" y="${y + 4}" width="${w}" height="${ROW - 10}" fill="#3b6ea5"></rect>
<text x="${LABEL_W + w + 6}" y="${y + 18}" font-size="15">${b.count}</text></g>`;
  }).join('\n');
  return `<figure><figcaption id="${id}-title">${esc(title)}</figcaption>
<svg class="chart" id="${id}" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui,sans-serif">
<title>${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>
${rows}
</svg></figure>`;
}
