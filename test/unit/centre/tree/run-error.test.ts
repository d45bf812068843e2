import { describe, expect, it } from 'vitest';
import { HarvestError } from '../../../../src/centre/harvest-error.js';
import { TreeError } from '../../../../src/centre/tree/error.js';
import { runErrorData, storedRunError, STORED_MAX } from '../../../../src/centre/tree/run-error.js';
import { renderStoredError } from '../../../../src/i18n/render-error.js';

describe('a failed scheduled harvest, kept as code + params (issue 18)', () => {
  it('stores a HarvestError as JSON and words it in zh or en when shown', () => {
    const err = new HarvestError('harvest-http', { url: 'http://127.0.0.1:9/oai', status: 503 });
    expect(err.message).toBe('harvest-http {"url":"http://127.0.0.1:9/oai","status":503}');
    const stored = storedRunError(err);
    expect(JSON.parse(stored)).toEqual({ code: 'harvest-http', params: { url: 'http://127.0.0.1:9/oai', status: 503 } });
    expect(renderStoredError(stored, 'en')).toBe('http://127.0.0.1:9/oai answered HTTP 503');
    expect(renderStoredError(stored, 'zh')).toBe('http://127.0.0.1:9/oai 返回 HTTP 503');
  });

  it('words a reason in the same language as the error around it', () => {
    const stored = storedRunError(new HarvestError('harvest-no-progress', { url: 'http://h/oai', page: 3 }, { code: 'cursor' }));
    expect(renderStoredError(stored, 'en')).toBe('page 3 of http://h/oai does not advance the list (its cursor did not increase); the harvest would never end, so it stopped');
    expect(renderStoredError(stored, 'zh')).toContain('cursor 未增加');
  });

  it('keeps a TreeError as data too, and any other failure as its message', () => {
    const tree = new TreeError('tree.join-bad-url', { url: 'x' });
    expect(runErrorData(tree)).toEqual({ code: 'tree.join-bad-url', params: { url: 'x' } });
    expect(storedRunError(new Error('database is locked'))).toBe('database is locked');
    expect(renderStoredError('database is locked', 'zh')).toBe('database is locked');
    // a text stored before errors were data is shown as it is
    expect(renderStoredError('{"not":"an error"}', 'en')).toBe('{"not":"an error"}');
  });

  it('cuts long params so the stored JSON stays whole', () => {
    const stored = storedRunError(new HarvestError('harvest-bad-xml', { url: `http://h/${'a'.repeat(5000)}`, detail: 'b'.repeat(5000) }));
    expect(stored.length).toBeLessThanOrEqual(STORED_MAX);
    expect(JSON.parse(stored).code).toBe('harvest-bad-xml');
    expect(renderStoredError(stored, 'en')).toMatch(/^the answer of http:\/\/h\/a+… is not well-formed XML: b+…$/);
  });
});
