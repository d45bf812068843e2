import http from 'node:http';
import net from 'node:net';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { CatalogRecord } from '../../src/model/record.js';
import { contentHash, recordKey } from '../../src/model/identity.js';
import { recordToCatalogXml } from '../../src/centre/oai.js';
import { recordOfB } from '../centre/fixtures.js';

/**
 * A fake OAI-PMH source centre on 127.0.0.1 that can play every misbehaviour a hostile or broken source
 * might: lists that never end, answers that are too deep, too big, too slow, lying, or not OAI-PMH at all.
 * Behaving (`misbehave: 'none'`) it serves `records` in the lossless catalog format, `pageSize` per page,
 * so a harvest of it succeeds; `fromPage` makes it behave for the first pages and misbehave from there on
 * (to test what a failure half-way leaves behind). Both can be changed between runs.
 */

export type Misbehaviour =
  | 'none'
  // lists that would never end
  | 'repeat-token' | 'same-page' | 'empty-pages' | 'stuck-cursor' | 'endless-records'
  // answers too big, too deep, too slow
  | 'deep' | 'endless' | 'huge-length' | 'silent' | 'silent-body' | 'trickle'
  // lying or wrong answers
  | 'short-length' | 'long-length' | 'http-500' | 'http-503' | 'html' | 'gzip' | 'bad-charset' | 'redirect-loop'
  | 'malformed' | 'not-oai' | 'oai-error' | 'entities'
  // invalid records in an otherwise good page
  | 'bad-json' | 'huge-field' | 'hash-mismatch' | 'key-mismatch' | 'bad-datestamp' | 'duplicate';

export interface SourceRecord {
  key: string;
  hash: string;
  provider: string;
  datestamp: string;
  record: CatalogRecord;
}

export interface HostileSource {
  url: string;
  misbehave: Misbehaviour;
  /** First page (1-based) that misbehaves. */
  fromPage: number;
  records: SourceRecord[];
  /** Every request line received (path + query). */
  requests: string[];
  close(): Promise<void>;
}

/** `n` valid records (provider B's fixture record, resource codes 302005/<start>…), record i changed at second i of 2026. */
export function sourceRecords(n: number, start = 1): SourceRecord[] {
  return Array.from({ length: n }, (_, i) => toSource(recordOfB(start + i), new Date(Date.UTC(2026, 0, 1, 0, 0, start + i)).toISOString().replace(/\.\d+Z$/, 'Z')));
}

function toSource(record: CatalogRecord, datestamp: string): SourceRecord {
  return { key: recordKey(record)!, hash: contentHash(record), provider: record.provider!.code!, datestamp, record };
}

const OAI_OPEN = '<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate><request>x</request>';
const FORMATS = `${OAI_OPEN}<ListMetadataFormats><metadataFormat><metadataPrefix>catalog</metadataPrefix><schema>x</schema><metadataNamespace>urn:x-catalog:record:1</metadataNamespace></metadataFormat></ListMetadataFormats></OAI-PMH>`;

function recordXml(r: SourceRecord, over: { json?: string; hash?: string; key?: string; datestamp?: string } = {}): string {
  let meta = recordToCatalogXml({ key: over.key ?? r.key, hash: over.hash ?? r.hash, origin: 'local', provider: r.provider, status: 'published', datestamp: r.datestamp, record: r.record });
  if (over.json !== undefined) meta = meta.replace(/>[^<]*<\/cat:record>$/, `>${over.json}</cat:record>`);
  return `<record><header><identifier>oai:catalog:${over.key ?? r.key}</identifier><datestamp>${over.datestamp ?? r.datestamp}</datestamp></header><metadata>${meta}</metadata></record>`;
}

function listRecords(items: string, token?: string, cursor?: number): string {
  const resume = token === undefined ? '' : `<resumptionToken${cursor === undefined ? '' : ` cursor="${cursor}"`}>${token}</resumptionToken>`;
  return `${OAI_OPEN}<ListRecords>${items}${resume}</ListRecords></OAI-PMH>`;
}

export async function startHostileSource(opts: { records?: SourceRecord[]; pageSize?: number; misbehave?: Misbehaviour; fromPage?: number } = {}): Promise<HostileSource> {
  const pageSize = opts.pageSize ?? 2;
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let fresh = 0;
  const source: HostileSource = {
    url: '', misbehave: opts.misbehave ?? 'none', fromPage: opts.fromPage ?? 1, records: opts.records ?? sourceRecords(5), requests: [],
    async close() {
      timers.forEach(clearInterval);
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => server.close(r));
    },
  };
  const server = http.createServer((req, res) => {
    source.requests.push(req.url ?? '');
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    if (q.get('verb') === 'ListMetadataFormats') return send(res, FORMATS);
    const token = q.get('resumptionToken');
    const page = token === null ? 1 : Number(/\d+/.exec(token)?.[0]) || 1;
    if (page < source.fromPage || source.misbehave === 'none') return send(res, goodPage(page));
    misbehave(source.misbehave, page, req, res);
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });

  function goodPage(page: number): string {
    const slice = source.records.slice((page - 1) * pageSize, page * pageSize);
    const more = page * pageSize < source.records.length;
    return listRecords(slice.map((r) => recordXml(r)).join(''), more ? `p${page + 1}` : undefined, (page - 1) * pageSize);
  }

  function misbehave(kind: Misbehaviour, page: number, req: http.IncomingMessage, res: http.ServerResponse): void {
    const recs = source.records.slice((page - 1) * pageSize, page * pageSize);
    const items = recs.map((r) => recordXml(r)).join('');
    const raw = (text: string, end = true) => { res.socket!.write(text); if (end) res.socket!.end(); };
    const drip = (every: number, chunk: string) => {
      const t = setInterval(() => { if (!res.destroyed && res.socket?.writable) res.write(chunk); else clearInterval(t); }, every);
      timers.add(t);
    };
    switch (kind) {
      case 'repeat-token': return send(res, listRecords(items, `p${source.fromPage}`));
      case 'same-page': return send(res, listRecords(items, `p${source.fromPage}x${++fresh}`));
      case 'empty-pages': return send(res, listRecords('', `p${page}x${++fresh}`));
      case 'stuck-cursor': return send(res, listRecords(items, `p${page + 1}`, 0));
      case 'endless-records': {
        // fresh, valid records forever: only a record limit ends this list
        const more = sourceRecords(pageSize, 1000 + page * pageSize);
        return send(res, listRecords(more.map((r) => recordXml(r)).join(''), `p${page + 1}`));
      }
      case 'deep': return send(res, listRecords('<a>'.repeat(60_000) + '</a>'.repeat(60_000)));
      case 'endless': {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.write(`${OAI_OPEN}<ListRecords>`);
        const block = Buffer.from(items.repeat(50) || '<!-- -->'.repeat(1000));
        const pump = () => { while (res.write(block)); };
        res.on('drain', pump);
        return pump();
      }
      case 'huge-length': return raw('HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: 10737418240\r\n\r\n<OAI-PMH', false);
      case 'silent': return; // the socket stays open, nothing is ever answered
      case 'silent-body': return raw(`HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ntransfer-encoding: chunked\r\n\r\n10\r\n${OAI_OPEN.slice(0, 16)}\r\n`, false);
      case 'trickle': {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.write(OAI_OPEN);
        return drip(200, ' ');
      }
      case 'short-length': {
        const body = Buffer.from(listRecords(items));
        return raw(`HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: ${body.length + 1000}\r\nconnection: close\r\n\r\n${body}`);
      }
      case 'long-length': {
        const body = Buffer.from(listRecords(items));
        return raw(`HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: ${body.length - 100}\r\nconnection: close\r\n\r\n${body}`);
      }
      case 'http-500': return send(res, `${OAI_OPEN}</OAI-PMH>`, 500);
      case 'http-503': res.writeHead(503, { 'retry-after': '1' }); return void res.end();
      case 'html': return send(res, '<!DOCTYPE html><html><body>maintenance</body></html>', 200, 'text/html; charset=utf-8');
      case 'gzip': res.writeHead(200, { 'content-type': 'text/xml', 'content-encoding': 'gzip' }); return void res.end(Buffer.from([0x1f, 0x8b, 8, 0]));
      case 'bad-charset': res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }); return void res.end(Buffer.concat([Buffer.from(OAI_OPEN), Buffer.from([0xff, 0xfe, 0xc3])]));
      case 'redirect-loop': res.writeHead(302, { location: req.url }); return void res.end();
      case 'malformed': return send(res, listRecords(items).slice(0, -40));
      case 'entities': {
        // "billion laughs": each entity ten of the previous one
        const decls = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
        return send(res, `<?xml version="1.0"?><!DOCTYPE OAI-PMH [<!ENTITY l0 "lol">${decls}]>` + listRecords(items).replace(/^<\?xml[^>]*>\n/, '').replace('<ListRecords>', '<ListRecords>&l9;'));
      }
      case 'not-oai': return send(res, '<?xml version="1.0"?><rss version="2.0"><channel><title>news</title></channel></rss>');
      case 'oai-error': return send(res, `${OAI_OPEN}<error code="badArgument">line one\nline two \u202eevil\u0085 ${'x'.repeat(10_000)}</error></OAI-PMH>`);
      case 'bad-json': return send(res, listRecords(recs.map((r, i) => recordXml(r, i === recs.length - 1 ? { json: '{"title": "unterminated' } : {})).join(''), `p${page + 1}`));
      case 'huge-field': return send(res, listRecords(recs.map((r, i) => recordXml(i === recs.length - 1 ? { ...r, record: { ...r.record, abstract: 'x'.repeat(70_000) } } : r)).join(''), `p${page + 1}`));
      case 'hash-mismatch': return send(res, listRecords(recs.map((r, i) => recordXml(r, i === recs.length - 1 ? { hash: 'sha256:0000' } : {})).join(''), `p${page + 1}`));
      case 'key-mismatch': return send(res, listRecords(recs.map((r, i) => recordXml(r, i === recs.length - 1 ? { key: '301002/00001' } : {})).join(''), `p${page + 1}`));
      case 'bad-datestamp': return send(res, listRecords(recs.map((r, i) => recordXml(r, i === recs.length - 1 ? { datestamp: '9999' } : {})).join(''), `p${page + 1}`));
      case 'duplicate': return send(res, listRecords(items + recordXml(recs[0]), `p${page + 1}`));
      default: return send(res, goodPage(page));
    }
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  source.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return source;
}

function send(res: http.ServerResponse, body: string, status = 200, type = 'text/xml; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

/**
 * A loopback address whose TCP handshakes never complete: a child process listens with a backlog of 1 and then
 * blocks its event loop without using CPU (Atomics.wait), so it never accepts; two connections fill the queue
 * and the kernel drops every later SYN. Only a connect timeout ends a connection attempt to it.
 */
export async function startBlackhole(): Promise<{ url: string; close(): void }> {
  const code = "const s=require('net').createServer();s.listen({port:0,host:'127.0.0.1',backlog:1},()=>{console.log(s.address().port);setTimeout(()=>Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0),50)})";
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  await new Promise((r) => setTimeout(r, 300));
  const fill: net.Socket[] = [];
  for (let i = 0; i < 2; i++) {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => {});
    fill.push(s);
    await new Promise<void>((r) => { s.once('connect', () => r()); s.once('error', () => r()); });
  }
  return {
    url: `http://127.0.0.1:${port}`,
    close() {
      fill.forEach((s) => s.destroy());
      child.kill('SIGKILL');
    },
  };
}
