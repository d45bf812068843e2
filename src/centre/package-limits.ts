import { DEFAULT_ZIP_LIMITS, readZip, type ZipLimits } from '../package/zip.js';
import { RECORDS_JSONL, RECORDS_XML } from '../package/manifest.js';
import { recordKey } from '../model/identity.js';
import type { CatalogRecord } from '../model/record.js';
import type { Lang } from '../i18n/lang.js';
import { tCode } from '../i18n/t.js';
import { CentreError } from './register.js';
import { yielder } from './batch-body.js';
import { fieldBreach, LIMIT_FLAGS, recordSizeBreach, type CentreLimits, type LimitBreach } from './limits.js';

/**
 * A package's limits, checked before it is verified (verification parses records.xml and hashes every entry, the
 * work one hostile package once made last 55 s): the entries' total uncompressed size (declared sizes checked
 * before inflating, inflation stopped at the declared size, see src/package/zip.ts), each record of records.jsonl
 * (--max-record, depth, --max-field), and the longest text of records.xml (a field hidden only there).
 */

/** Zip limits of the centre: the whole package within --max-package. */
export function centreZipLimits(limits: CentreLimits): ZipLimits {
  return { ...DEFAULT_ZIP_LIMITS, maxEntrySize: Math.min(DEFAULT_ZIP_LIMITS.maxEntrySize, limits.maxPackageBytes), maxTotalSize: limits.maxPackageBytes };
}

const tooLarge = (limits: CentreLimits, detail: string) =>
  new CentreError(413, 'package-too-large', { limit: limits.maxPackageBytes, flag: LIMIT_FLAGS.maxPackageBytes, detail }, { limit: limits.maxPackageBytes, flag: LIMIT_FLAGS.maxPackageBytes });

/** Longest run of bytes between two `sep` bytes (native indexOf: fast on large entries). */
function longestRun(data: Uint8Array, sep: number): { start: number; length: number } {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let best = { start: 0, length: 0 };
  for (let from = 0; from <= buf.length;) {
    const at = buf.indexOf(sep, from);
    const end = at < 0 ? buf.length : at;
    if (end - from > best.length) best = { start: from, length: end - from };
    if (at < 0) break;
    from = at + 1;
  }
  return best;
}

function recordRefusal(line: number, key: string | undefined, b: LimitBreach, lang: Lang): CentreError {
  const params = { path: b.path, limit: b.limit, size: b.size, flag: b.flag };
  const reason = tCode(`centre-api.${b.code}${b.flag === 'profile' ? '-profile' : ''}`, lang, params);
  // 413 whatever the limit: a publisher sends such a package's records as batches instead (docs/publish.md),
  // where only the record over the limit is rejected
  return new CentreError(413, 'package-record-limit', { line, key: key ?? '?', reason }, { line, ...(key ? { key } : {}), limitCode: b.code, ...params });
}

/** Throw 413/422 naming the limit when the package breaks one; otherwise return (verification follows). */
export async function checkPackageLimits(bytes: Uint8Array, limits: CentreLimits, lang: Lang): Promise<void> {
  const { entries, problems } = readZip(bytes, centreZipLimits(limits));
  const over = problems.find((p) => p.code === 'zip-total-too-large' || p.code === 'entry-too-large');
  if (over) throw tooLarge(limits, `${over.entry ?? ''} ${over.detail ?? ''}`.trim());
  const data = (name: string) => entries.find((e) => e.path === name)?.data;
  // only --max-field here: a field over the profile's maxLength is a validation issue of that one record
  const caps = new Map<string, number>();
  const xml = data(RECORDS_XML);
  // a text node of records.xml cannot be longer in bytes than 6 × its characters (UTF-8, escapes)
  if (xml && longestRun(xml, 0x3c).length > limits.maxFieldChars * 6) throw tooLarge(limits, `${RECORDS_XML}: a text over ${limits.maxFieldChars} characters (${LIMIT_FLAGS.maxFieldChars})`);
  const jsonl = data(RECORDS_JSONL);
  if (!jsonl) return;
  const text = Buffer.from(jsonl.buffer, jsonl.byteOffset, jsonl.byteLength);
  const pause = yielder();
  let line = 0;
  for (let from = 0; from < text.length; line++) {
    await pause();
    const at = text.indexOf(0x0a, from);
    const end = at < 0 ? text.length : at;
    const size = recordSizeBreach(end - from, limits);
    if (size) throw recordRefusal(line + 1, undefined, size, lang);
    let value: unknown;
    try { value = JSON.parse(text.toString('utf8', from, end)); } catch { value = undefined; /* verification reports it */ }
    const breach = value && typeof value === 'object' ? fieldBreach(value, limits, caps) : undefined;
    if (breach) {
      const key = recordKey(value as CatalogRecord);
      throw recordRefusal(line + 1, typeof key === 'string' ? key : undefined, breach, lang);
    }
    from = end + 1;
  }
}
