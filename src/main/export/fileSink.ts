/**
 * Where an export lands: a folder the manager chose (a USB stick, say). The file is written under a
 * hidden temporary name in that same folder and renamed only once complete and fsynced, so a crash,
 * a full disk or a cancel never leaves a half-written file under the final name; the temporary file
 * is deleted on every failure. An existing file is never overwritten: the new one gets " (2)".
 */
import { constants, createWriteStream, existsSync, fstat, fsync, open, type WriteStream } from 'node:fs';
import { access, rename, stat, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { basename, extname, isAbsolute, join } from 'node:path';
import type { ErrorCode } from '../../shared/contract';
import { GateError } from '../core/errors';
import type { ExportFailure } from '../../shared/exportJobs';

const GATE_CODE: Record<ExportFailure, ErrorCode> = {
  folder_missing: 'not_found',
  not_a_folder: 'invalid_input',
  folder_not_writable: 'forbidden',
  cancelled: 'conflict',
  write_failed: 'unavailable',
  too_large: 'invalid_input',
};

/** A refused or failed export; `details.reason` tells the UI which message to show. */
export class ExportError extends GateError {
  constructor(
    readonly reason: ExportFailure,
    message: string,
  ) {
    super(GATE_CODE[reason], message, { reason });
    this.name = 'ExportError';
  }
}

/** Refuses a folder that is missing, not a folder, or not writable, before any work is done. */
export async function checkFolder(folder: string): Promise<void> {
  if (!isAbsolute(folder)) throw new ExportError('not_a_folder', `not an absolute folder path: ${folder}`);
  let isDir: boolean;
  try {
    isDir = (await stat(folder)).isDirectory();
  } catch {
    throw new ExportError('folder_missing', `folder not found: ${folder}`);
  }
  if (!isDir) throw new ExportError('not_a_folder', `not a folder: ${folder}`);
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw new ExportError('folder_not_writable', `folder is not writable: ${folder}`);
  }
}

/** Characters Windows (or any file system) refuses in a name; control characters are the point here. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\\/:*?"<>|\u0000-\u001f]/g;

/** A file name with no folder part and nothing a file system would refuse. */
export function safeFileName(name: string): string {
  const cleaned = basename(name).replace(UNSAFE_IN_NAME, '_').trim();
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : 'export';
}

export class TempFile {
  private error: Error | null = null;
  private bytesWritten = 0;

  private constructor(
    readonly folder: string,
    readonly fileName: string,
    readonly tempPath: string,
    private readonly fd: number,
    readonly stream: WriteStream,
  ) {
    stream.on('error', (err) => {
      this.error ??= err;
    });
  }

  static async create(folder: string, fileName: string): Promise<TempFile> {
    const name = safeFileName(fileName);
    const tempPath = join(folder, `.${name}.${randomBytes(4).toString('hex')}.part`);
    let fd: number;
    try {
      fd = await promisify(open)(tempPath, 'wx');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const reason =
        code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'folder_not_writable' : 'write_failed';
      throw new ExportError(reason, `cannot create a file in ${folder}: ${(err as Error).message}`);
    }
    // A plain fd, not a FileHandle: FileHandle.close() waits forever while a stream holds it. The fd
    // stays open after 'finish' so the data can be fsynced before the rename.
    // 1 MiB may wait for the disk, so the next rows are built while the thread pool writes the
    // last ones; with 64 KiB every 128 KB chunk of the export stood idle until its write finished.
    const stream = createWriteStream('', { fd, autoClose: false, highWaterMark: 1 << 20 });
    return new TempFile(folder, name, tempPath, fd, stream);
  }

  /** Throws the stream's error, if any, as a typed export error. */
  check(): void {
    if (this.error) throw new ExportError('write_failed', `writing the export failed: ${this.error.message}`);
  }

  /** Writes a chunk; resolves at once unless the disk is behind, then when it has caught up. */
  async write(chunk: string | Buffer): Promise<void> {
    this.check();
    this.bytesWritten += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (this.stream.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done).off('error', done).off('close', done);
        resolve();
      };
      this.stream.on('drain', done).on('error', done).on('close', done);
    });
    this.check();
  }

  /** Ends the stream (unless a writer such as exceljs already did), fsyncs and renames into place. */
  async publish(): Promise<{ path: string; fileName: string; bytes: number }> {
    if (!this.stream.writableFinished) {
      await new Promise<void>((resolve) => {
        this.stream.once('error', () => resolve());
        this.stream.end(() => resolve());
      });
    }
    this.check();
    try {
      await promisify(fsync)(this.fd);
      const { size } = await promisify(fstat)(this.fd);
      await this.closeFd();
      const fileName = freeName(this.folder, this.fileName);
      const path = join(this.folder, fileName);
      await rename(this.tempPath, path);
      return { path, fileName, bytes: size };
    } catch (err) {
      await this.discard();
      throw new ExportError('write_failed', `finishing the export failed: ${(err as Error).message}`);
    }
  }

  /** Stops writing and deletes the temporary file; safe to call more than once. */
  async discard(): Promise<void> {
    await this.closeFd();
    await unlink(this.tempPath).catch(() => {});
  }

  /**
   * Closes the fd through the stream: destroy() closes it even with autoClose off, after any write
   * in flight, so closing it here as well could close a number the process has since reused.
   */
  private async closeFd(): Promise<void> {
    if (this.stream.closed) return;
    await new Promise<void>((resolve) => {
      this.stream.once('close', () => resolve());
      this.stream.destroy();
    });
  }

  get written(): number {
    return this.bytesWritten;
  }
}

/** `name.ext`, else `name (2).ext`, `name (3).ext`…: an earlier export is never replaced. */
function freeName(folder: string, fileName: string): string {
  if (!existsSync(join(folder, fileName))) return fileName;
  const ext = extname(fileName);
  const stem = fileName.slice(0, fileName.length - ext.length);
  for (let i = 2; ; i++) {
    const candidate = `${stem} (${i})${ext}`;
    if (!existsSync(join(folder, candidate))) return candidate;
  }
}
