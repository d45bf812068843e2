import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, for the browser tests (.ci/run installs it when missing: no silent skip).
 * Never a downloaded browser; no background traffic, so the tests can check that a page makes no
 * request off the loopback address.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}
