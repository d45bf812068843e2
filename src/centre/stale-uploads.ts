import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** An upload's temp file name (handlers/packages.ts): the pattern removeStaleUploads recognises, and nothing else. */
const UPLOAD_NAME = /^catalog-upload-[0-9a-f]{24}\.zip$/;

/** A fresh name for an uploaded package's temp file. */
export function uploadFileName(): string {
  return `catalog-upload-${randomBytes(12).toString('hex')}.zip`;
}

/**
 * How old (last written) an upload file must be before a starting centre takes it for the leftover of a killed
 * one. An upload is written while it is received (bounded by the request timeout, 120 s by default), then only
 * read while it is verified and registered, and removed when its request ends; the bench's 100,000-record
 * package (29 MB) takes well under a minute for all of it. One hour leaves a live upload of another centre
 * sharing the temp dir (several `centre serve` on one PostgreSQL) far from the line.
 */
export const STALE_UPLOAD_MS = 60 * 60 * 1000;

/**
 * Remove, from `dir`, the upload temp files a killed centre left (kill -9 skips the request's `finally`): only
 * regular files named like uploadFileName(), owned by this process's user, last written more than `maxAgeMs` ago.
 * Anything unreadable is left alone; returns the names removed.
 */
export async function removeStaleUploads(dir: string, maxAgeMs = STALE_UPLOAD_MS, now = Date.now()): Promise<string[]> {
  const uid = process.getuid?.();
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter((n) => UPLOAD_NAME.test(n))) {
    const file = path.join(dir, name);
    try {
      const st = await fs.promises.lstat(file);
      if (!st.isFile() || (uid !== undefined && st.uid !== uid) || now - st.mtimeMs <= maxAgeMs) continue;
      await fs.promises.rm(file);
      removed.push(name);
    } catch {
      // gone meanwhile, or not ours to remove: leave it
    }
  }
  return removed;
}
