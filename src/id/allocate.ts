import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';

/** Ledger of allocated 顺序码 per 分类码, kept in the workspace. */
export const LEDGER_FILE = path.join('.catalog', 'ids.json');
const LOCK_FILE = path.join('.catalog', 'ids.lock');

/** 分类码 of the 2017 guide: 类 (1) + 项 (2) + 目 (3) + optional 细目. */
export const CLASS_CODE_PATTERN = /^[1-3]\d{2}\d{3}[0-9A-Za-z]*$/;

export interface Ledger {
  version: 1;
  /** 分类码 → last allocated 顺序码 (as a number). */
  classes: Record<string, number>;
}

export class IdAllocationError extends Error {
  constructor(public code: 'class-code-invalid' | 'ledger-locked' | 'ledger-corrupt', public params: Record<string, unknown>) {
    super(`${code}: ${JSON.stringify(params)}`);
  }
}

export interface AllocateOptions {
  /** Workspace directory holding .catalog/ (default: cwd). */
  workspace?: string;
  /** How many codes to allocate in one go (default 1). */
  count?: number;
  /** Digits of the 顺序码, zero-padded (default 5; project convention, the guide leaves it open). */
  width?: number;
  /** Give up waiting for the lock after this many ms (default 30 000). */
  timeoutMs?: number;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Take the workspace lock (O_EXCL create of .catalog/ids.lock), run `fn`, release. A lock older
 * than the timeout is treated as left by a crashed process and broken.
 */
function withLock<T>(dir: string, timeoutMs: number, fn: () => T): T {
  const lock = path.join(dir, LOCK_FILE);
  const start = Date.now();
  let fd: number | undefined;
  for (let attempt = 0; fd === undefined; attempt++) {
    try {
      fd = fs.openSync(lock, 'wx');
      fs.writeSync(fd, String(process.pid));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > timeoutMs) fs.rmSync(lock, { force: true });
      } catch {
        /* the holder released it meanwhile */
      }
      if (Date.now() - start > timeoutMs) throw new IdAllocationError('ledger-locked', { lock });
      sleep(Math.min(5 + attempt * 5, 50) + Math.floor(Math.random() * 10));
    }
  }
  try {
    return fn();
  } finally {
    fs.closeSync(fd);
    fs.rmSync(lock, { force: true });
  }
}

export function readLedger(workspace = process.cwd()): Ledger {
  const file = path.join(workspace, LEDGER_FILE);
  if (!fs.existsSync(file)) return { version: 1, classes: {} };
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Ledger;
    if (!data || typeof data.classes !== 'object') throw new Error('no "classes"');
    return data;
  } catch (err) {
    throw new IdAllocationError('ledger-corrupt', { file, detail: (err as Error).message });
  }
}

/**
 * Allocate the next free 顺序码(s) for a 分类码: returns full 信息资源代码 ("301002/00001").
 * Safe under concurrent use by several processes on one workspace (lock file + atomic ledger write).
 */
export function allocateResourceCodes(classCode: string, o: AllocateOptions = {}): string[] {
  if (!CLASS_CODE_PATTERN.test(classCode)) throw new IdAllocationError('class-code-invalid', { value: classCode });
  const dir = path.resolve(o.workspace ?? process.cwd());
  const count = o.count ?? 1;
  const width = o.width ?? 5;
  fs.mkdirSync(path.join(dir, '.catalog'), { recursive: true });
  return withLock(dir, o.timeoutMs ?? 30_000, () => {
    const ledger = readLedger(dir);
    const last = ledger.classes[classCode] ?? 0;
    const codes: string[] = [];
    for (let i = 1; i <= count; i++) codes.push(`${classCode}/${String(last + i).padStart(width, '0')}`);
    ledger.classes[classCode] = last + count;
    writeFileAtomic(path.join(dir, LEDGER_FILE), JSON.stringify(ledger, null, 2) + '\n');
    return codes;
  });
}
