import { createHash } from 'node:crypto';
import type { CatalogRecord } from './record.js';

/** A record's identity at a centre: 信息资源代码, else 元数据标识符, else 信息资源标识符. */
export function recordKey(r: CatalogRecord): string | undefined {
  return r.resourceCode || r.metadataIdentifier || r.resourceIdentifier || undefined;
}

/** Canonical JSON: object keys sorted, `provenance` dropped, undefined dropped. Stable across runs and machines. */
export function canonicalJson(value: unknown): string {
  const walk = (v: unknown, top: boolean): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, false));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v as object).sort()) {
        if (top && k === 'provenance') continue;
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = walk(x, false);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(walk(value, true));
}

/** SHA-256 (hex) of the canonical JSON: equal content ⇔ equal hash, whatever the key order or provenance. */
export function contentHash(r: CatalogRecord): string {
  return createHash('sha256').update(canonicalJson(r)).digest('hex');
}
