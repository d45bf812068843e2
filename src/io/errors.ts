import { ref, text, type MessageRef } from '../issues/text.js';

/**
 * Disk and I/O failures (full disk, permission denied, read-only file system, device error, a directory where a
 * file was expected…) are not bad input: the CLI reports them with their own exit code (4, README "Exit codes"),
 * naming the path, after removing its temp files.
 */
const REASONS: Record<string, { zh: string; en: string }> = {
  ENOSPC: { zh: '磁盘已满', en: 'the disk is full' },
  EDQUOT: { zh: '超出磁盘配额', en: 'the disk quota is exceeded' },
  EFBIG: { zh: '文件超过文件系统允许的大小', en: 'the file is larger than the file system allows' },
  EACCES: { zh: '没有权限', en: 'permission denied' },
  EPERM: { zh: '操作不被允许', en: 'operation not permitted' },
  EROFS: { zh: '文件系统是只读的', en: 'the file system is read-only' },
  EIO: { zh: '设备输入/输出错误（磁盘或网络盘故障）', en: 'input/output error (disk or network drive failure)' },
  EISDIR: { zh: '这是一个目录，不是文件', en: 'it is a directory, not a file' },
  ENOTDIR: { zh: '路径中的某一部分不是目录', en: 'a part of the path is not a directory' },
  ENOENT: { zh: '文件或目录不存在', en: 'no such file or directory' },
  ENAMETOOLONG: { zh: '文件名太长', en: 'the file name is too long' },
  EMFILE: { zh: '打开的文件太多', en: 'too many open files' },
  ENFILE: { zh: '系统打开的文件太多', en: 'too many open files in the system' },
  EBUSY: { zh: '文件或设备正忙', en: 'the file or device is busy' },
  ETXTBSY: { zh: '文件正被使用', en: 'the file is in use' },
  ELOOP: { zh: '符号链接层数太多', en: 'too many levels of symbolic links' },
  EBADF: { zh: '文件描述符无效', en: 'bad file descriptor' },
  ENXIO: { zh: '设备不存在', en: 'no such device' },
  ENODEV: { zh: '设备不存在', en: 'no such device' },
  ESTALE: { zh: '网络文件句柄已失效', en: 'stale network file handle' },
};

/** A file could not be read or written; `path` is the user's path (never a temp name). */
export class IoError extends Error {
  constructor(public op: 'read' | 'write' | 'access', public path: string, public code: string) {
    super(`${op} ${path}: ${code}`);
  }
}

type Errno = NodeJS.ErrnoException;

/** The message (code + params) for a failed write to standard output (e.g. redirected to a full disk). */
export const stdoutFailureRef = (code: string | undefined): MessageRef => ioFailureRef(new IoError('write', STDOUT, code && code in REASONS ? code : 'EIO'))!;

/** Is this a system error about a file (as opposed to a bug or bad input)? */
export function isIoErrno(err: unknown): err is Errno {
  return err instanceof Error && typeof (err as Errno).code === 'string' && (err as Errno).code! in REASONS && typeof (err as Errno).syscall === 'string';
}

/** A system error while writing `file` (its temp file, its rename) as an IoError naming `file`; others unchanged. */
export function asWriteError(err: unknown, file: string): unknown {
  return isIoErrno(err) ? new IoError('write', file, err.code!) : err;
}

/** IoError path meaning the standard output. */
export const STDOUT = '<stdout>';

const READ_CALLS = new Set(['read', 'scandir', 'stat', 'lstat', 'fstat', 'access', 'readlink', 'realpath']);
const WRITE_CALLS = new Set(['write', 'rename', 'mkdir', 'rmdir', 'unlink', 'ftruncate', 'fsync', 'copyfile', 'chmod', 'symlink', 'link']);

/**
 * An IoError, or a system error about a path that escaped a command, as a message (code + params, the reason in
 * both languages) that the CLI renders as one line; undefined otherwise.
 */
export function ioFailureRef(err: unknown): MessageRef | undefined {
  let e: IoError | undefined;
  if (err instanceof IoError) e = err;
  else if (isIoErrno(err)) {
    const op = READ_CALLS.has(err.syscall!) ? 'read' : WRITE_CALLS.has(err.syscall!) ? 'write' : 'access';
    // a write with no path is a write to an open descriptor: our files are wrapped with their path, so stdout/stderr
    e = new IoError(op, (err as Errno & { dest?: string }).dest ?? err.path ?? (op === 'write' ? STDOUT : '?'), err.code!);
  }
  if (!e) return undefined;
  const reason = REASONS[e.code] ? text(REASONS[e.code].zh, REASONS[e.code].en) : e.code;
  return ref(e.path === STDOUT ? 'io-failure.stdout' : `io-failure.${e.op}`, { path: e.path, reason });
}
