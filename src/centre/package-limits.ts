import { DEFAULT_ZIP_LIMITS, type ZipLimits } from '../package/zip.js';
import { RECORDS_XML } from '../package/manifest.js';
import type { VerifyOptions } from '../package/verify.js';
import { recordKey } from '../model/identity.js';
import { CentreError } from './register.js';
import { breachWording } from './screen.js';
import { fieldBreach, LIMIT_FLAGS, recordSizeBreach, type CentreLimits, type LimitBreach } from './limits.js';

/**
 * A package's limits, checked before the work each bounds (verification parses records.xml and hashes every entry,
 * the work one hostile package once made last 55 s): the entries' total uncompressed size (declared sizes checked
 * before inflating, inflation stopped at the declared size, see src/package/zip-scan.ts), each record of
 * records.jsonl (--max-record, depth, --max-field), and the longest text of records.xml (a field hidden only there).
 */

/** Zip limits of the centre: the whole package within --max-package. */
export function centreZipLimits(limits: CentreLimits): ZipLimits {
  return { ...DEFAULT_ZIP_LIMITS, maxEntrySize: Math.min(DEFAULT_ZIP_LIMITS.maxEntrySize, limits.maxPackageBytes), maxTotalSize: limits.maxPackageBytes };
}

const tooLarge = (limits: CentreLimits, detail: string) =>
  new CentreError(413, 'package-too-large', { limit: limits.maxPackageBytes, flag: LIMIT_FLAGS.maxPackageBytes, detail }, { limit: limits.maxPackageBytes, flag: LIMIT_FLAGS.maxPackageBytes });

function recordRefusal(line: number, key: string | undefined, b: LimitBreach): CentreError {
  const params = { path: b.path, limit: b.limit, size: b.size, flag: b.flag };
  // the limit's own message, nested: worded with the rest in the request's language
  const reason = breachWording(b);
  // 413 whatever the limit: a publisher sends such a package's records as batches instead (docs/publish.md),
  // where only the record over the limit is rejected
  return new CentreError(413, 'package-record-limit', { line, key: key ?? '?', reason }, { line, ...(key ? { key } : {}), limitCode: b.code, ...params });
}

/**
 * The package limits as checks made while the package is verified (verify.ts VerifyScreen), so the package is
 * inflated once: declared sizes over --max-package refuse it before anything is inflated, a line of records.jsonl
 * over --max-record before it is parsed (even while it is still arriving), a field over --max-field as its record
 * is read, a text of records.xml over --max-field as it streams by. Each throws 413 naming the limit.
 */
export function packageScreen(limits: CentreLimits): Pick<VerifyOptions, 'screen' | 'onRecord'> {
  const caps = new Map<string, number>();
  // a text node of records.xml cannot be longer in bytes than 6 × its characters (UTF-8, escapes)
  const xmlCap = limits.maxFieldChars * 6;
  let xmlRun = 0;
  return {
    screen: {
      directory(problems) {
        const over = problems.find((p) => p.code === 'zip-total-too-large' || p.code === 'entry-too-large');
        if (over) throw tooLarge(limits, `${over.entry ?? ''} ${over.detail ?? ''}`.trim());
      },
      line(bytes, line) {
        const size = recordSizeBreach(bytes, limits);
        if (size) throw recordRefusal(line, undefined, size);
      },
      chunk(entry, chunk) {
        if (entry !== RECORDS_XML) return;
        const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        for (let from = 0; from < buf.length;) {
          const at = buf.indexOf(0x3c, from);
          xmlRun += (at < 0 ? buf.length : at) - from;
          if (xmlRun > xmlCap) throw tooLarge(limits, `${RECORDS_XML}: a text over ${limits.maxFieldChars} characters (${LIMIT_FLAGS.maxFieldChars})`);
          if (at < 0) break;
          xmlRun = 0;
          from = at + 1;
        }
      },
    },
    onRecord(record, line) {
      const breach = fieldBreach(record, limits, caps);
      if (!breach) return;
      const key = recordKey(record);
      throw recordRefusal(line, typeof key === 'string' ? key : undefined, breach);
    },
  };
}
