import type http from 'node:http';
import { CentreError } from './register.js';
import type { SearchQuery } from './store.js';

/** Read the request body, refusing (413) more than `limit` bytes. */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new CentreError(413, 'body-too-large', { limit, size: declared }));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new CentreError(413, 'body-too-large', { limit }));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => { if (!failed) resolve(Buffer.concat(chunks)); });
    req.on('error', (e) => { if (!failed) { failed = true; reject(e); } });
  });
}

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
