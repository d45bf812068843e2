import http from 'node:http';
import { describe, it, expect } from 'vitest';
import { jsonPieces, piecesLength, sendPieces } from '../../../src/centre/json-pieces.js';

const answer = (n: number) => ({
  packageId: 'p-1',
  status: 'partial',
  accepted: Array.from({ length: n }, (_, i) => ({ key: `301002/${String(i).padStart(6, '0')}`, hash: 'ab'.repeat(32) })),
  rejected: [{ index: 3, issues: [{ code: 'x', message: '标题缺失 "quoted" \\ \n', severity: 'error' }] }],
  unchanged: [],
  skipped: undefined,
  nothing: null,
  flags: [undefined, 1],
});

describe('jsonPieces', () => {
  it('pieces concatenate to JSON.stringify of the object, and a large one is cut into ~64 KiB pieces', async () => {
    let pauses = 0;
    const big = answer(20_000);
    const pieces = await jsonPieces(big, async () => { pauses++; });
    expect(pieces.join('')).toBe(JSON.stringify(big));
    expect(piecesLength(pieces)).toBe(JSON.stringify(big).length);
    expect(pieces.length).toBeGreaterThan(20);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(64 * 1024 + 1024);
    expect(pauses).toBeGreaterThanOrEqual(20_000);
  });

  it('a small object is one piece, empty arrays and nested values kept', async () => {
    const small = answer(0);
    const pieces = await jsonPieces(small, async () => {});
    expect(pieces).toEqual([JSON.stringify(small)]);
    expect(JSON.parse(pieces[0])).toEqual(JSON.parse(JSON.stringify(small)));
  });
});

describe('sendPieces', () => {
  it('sends the pieces with their byte length (UTF-8), waiting for the socket to drain', async () => {
    const pieces = await jsonPieces({ ...answer(30_000), note: '中文'.repeat(1000) }, async () => {});
    const server = http.createServer((_req, res) => { void sendPieces(res, 200, 'application/json', [...pieces, '\n'], async () => {}); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
      expect(text).toBe(pieces.join('') + '\n');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
