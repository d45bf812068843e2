import { CentreError } from './register.js';
import type { SearchQuery } from './store.js';

export function parseJson(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw new CentreError(400, 'invalid-json', { detail: (err as Error).message });
  }
}

function positiveInt(v: string | null, name: string, dflt: number, max: number): number {
  if (v === null || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CentreError(400, 'bad-parameter', { detail: `${name} must be an integer from 1 to ${max}` });
  return n;
}

function dateParam(v: string | null, name: string): string | undefined {
  if (v === null || v === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/.test(v) || Number.isNaN(Date.parse(v))) {
    throw new CentreError(400, 'bad-parameter', { detail: `${name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ` });
  }
  return v;
}

/** The search of GET / and GET /api/v1/records from their query parameters. */
export function searchQuery(p: URLSearchParams): SearchQuery {
  const str = (k: string) => p.get(k)?.trim() || undefined;
  return {
    q: str('q'), classCode: str('class'), provider: str('provider'), shareType: str('shareType'),
    updatedFrom: dateParam(p.get('updatedFrom'), 'updatedFrom'), updatedTo: dateParam(p.get('updatedTo'), 'updatedTo'),
    page: positiveInt(p.get('page'), 'page', 1, 1_000_000), pageSize: positiveInt(p.get('pageSize'), 'pageSize', 20, 200),
  };
}
