import { describe, expect, it } from 'vitest';
import { renderOverviewPage } from '../../../../src/centre/html/overview-page.js';
import { renderCentresPage } from '../../../../src/centre/tree/page.js';
import type { CentreDescription } from '../../../../src/centre/tree/describe.js';

/**
 * Every value a department or a member centre chooses reaches the pages as text: provider names in the overview's
 * SVG bars (label, <title>, data-label, <desc>) and the browse links, member names and URLs on /centres. The
 * Chromium test (test/centre/pages.test.ts) covers hostile record titles; these cover the other sources of text.
 */
const HOSTILE = `<script>alert(1)</script>"><img src=x onerror=alert(2)>'&`;
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&#39;&amp;';

/** No markup of the hostile value survives anywhere in the page. */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<script|<img|onerror=alert\(2\)>/);
}

describe('centre pages escape what others chose', () => {
  it('overview: a hostile provider name and code in every part of the SVG bar chart and its link', () => {
    const html = renderOverviewPage({
      total: 3,
      counts: {
        class: [{ value: HOSTILE, count: 1 }], shareType: [{ value: HOSTILE, count: 1 }],
        provider: [{ value: `${HOSTILE}code`, name: HOSTILE, count: 3 }], origin: [{ value: `http://x/${HOSTILE}`, count: 3 }],
      },
    }, 'en', HOSTILE);
    expectInert(html);
    expect(html).toContain(`data-label="${ESCAPED}"`);
    expect(html).toContain(`<title>${ESCAPED}: 3</title>`);
    // the label drawn in the bar is cut to 10 characters and … before escaping, so no entity is cut in half
    expect(html).toContain('&lt;script&gt;al…</text>');
    expect(html).toMatch(/<a href="\/\?provider=%3Cscript%3E[^"]*&amp;lang=en">/);
  });

  it('/centres: hostile member and parent names, divisions and URLs', () => {
    const self: CentreDescription = {
      id: 'c1', name: HOSTILE, level: null, division: { code: HOSTILE, name: HOSTILE }, parent: `http://p.example/?q=${HOSTILE}`,
      endpoints: { api: '', oai: '', browse: '', centres: '' }, records: 0, providers: 0, lastChange: null,
    };
    const html = renderCentresPage(self, [{ url: `http://m.example/?x=${HOSTILE}`, kind: 'member', name: HOSTILE, division: HOSTILE, health: 'unhealthy', records: 1, failures: 1 }], 'zh');
    expectInert(html);
    expect(html).toContain(` · ${ESCAPED}</title>`);
    expect(html).toContain(`>${ESCAPED}</a>`);
  });
});
