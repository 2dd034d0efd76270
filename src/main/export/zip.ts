/**
 * A streaming ZIP writer, just enough for XLSX: entries are deflated as they are written (zlib
 * runs on libuv's thread pool, so compression overlaps with building the next rows) and each
 * streamed entry ends with a data descriptor carrying its CRC-32 and sizes, so nothing but the
 * central directory (a few dozen bytes per entry) is kept in memory. No ZIP64: an entry or an
 * archive that would pass 4 GiB is refused with ZipTooLargeError before the limit is crossed,
 * rather than written as a file Excel cannot open.
 */
import type { Writable } from 'node:stream';
import {
  constants,
  crc32,
  createDeflateRaw,
  deflateRawSync,
  type DeflateRaw,
  type ZlibOptions,
} from 'node:zlib';

const LIMIT = 0xffff_ffff;
const MAX_ENTRIES = 0xffff;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const DEFLATE = 8;
const VERSION = 20;
const INPUT_QUEUE = 4 << 20;

export class ZipTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipTooLargeError';
  }
}

type Central = { name: Buffer; flags: number; crc: number; compressed: number; size: number; offset: number };

export type ZipOptions = {
  /** zlib level; 1–3 are several times faster than 6 on XML and only slightly larger. */
  level?: number;
  /** Stored as the entries' modification time (local wall clock, as ZIP has no zone). */
  date?: Date;
  /** Tests only: a lower limit than the 4 GiB of 32-bit offsets and sizes. */
  maxBytes?: number;
};

export class ZipWriter {
  private offset = 0;
  private readonly entries: Central[] = [];
  private open: ZipEntryStream | null = null;
  private failure: Error | null = null;
  private readonly dosTime: number;
  private readonly dosDate: number;
  readonly level: number;
  readonly maxBytes: number;

  constructor(
    private readonly out: Writable,
    options: ZipOptions = {},
  ) {
    this.level = options.level ?? constants.Z_DEFAULT_COMPRESSION;
    this.maxBytes = Math.min(options.maxBytes ?? LIMIT, LIMIT);
    const d = options.date ?? new Date();
    this.dosTime = (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1);
    this.dosDate = (Math.max(d.getFullYear() - 1980, 0) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
    const fail = (err?: Error): void => {
      this.failure ??= err ?? new Error('the output closed before the archive was finished');
      this.open?.destroy(this.failure);
    };
    out.on('error', fail);
    out.on('close', () => fail());
  }

  /** A small entry, compressed in one go. */
  async file(name: string, content: string | Buffer): Promise<void> {
    this.assertIdle();
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const packed = deflateRawSync(data, { level: this.level });
    const entry = this.newEntry(name, 0, crc32(data), packed.length, data.length);
    await this.put(this.localHeader(entry));
    await this.put(packed);
  }

  /** Starts a streamed entry; write to it, then end() it before the next entry. */
  async stream(name: string): Promise<ZipEntryStream> {
    this.assertIdle();
    const entry = this.newEntry(name, FLAG_DESCRIPTOR, 0, 0, 0);
    await this.put(this.localHeader(entry));
    this.open = new ZipEntryStream(this, entry, this.out);
    return this.open;
  }

  /** Writes the central directory; the caller ends the output. */
  async finish(): Promise<void> {
    this.assertIdle();
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(VERSION, 4); // made by (MS-DOS attributes)
      h.writeUInt16LE(VERSION, 6);
      h.writeUInt16LE(e.flags, 8);
      h.writeUInt16LE(DEFLATE, 10);
      h.writeUInt16LE(this.dosTime, 12);
      h.writeUInt16LE(this.dosDate, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      await this.put(Buffer.concat([h, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.put(end);
  }

  /** Stops any entry in progress (a cancel or a failure); the output is the caller's to discard. */
  destroy(): void {
    this.open?.destroy();
    this.open = null;
  }

  /** @internal Called by the entry stream once its data and descriptor are out. */
  closed(entry: Central, crc: number, compressed: number, size: number): void {
    entry.crc = crc;
    entry.compressed = compressed;
    entry.size = size;
    this.open = null;
  }

  /** @internal Bytes counted into the archive; refuses to pass what 32-bit offsets can address. */
  advance(bytes: number): void {
    this.offset += bytes;
    if (this.offset > this.maxBytes)
      throw new ZipTooLargeError('the file would pass 4 GiB, which needs ZIP64');
  }

  /** @internal The first failure of the output, if any. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  /** @internal Writes bytes with backpressure. */
  async put(buf: Buffer): Promise<void> {
    this.check();
    this.advance(buf.length);
    if (!this.out.write(buf)) await drained(this.out);
    this.check();
  }

  private assertIdle(): void {
    this.check();
    if (this.open) throw new Error('a zip entry is still being written');
  }

  private newEntry(name: string, flags: number, crc: number, compressed: number, size: number): Central {
    if (this.entries.length >= MAX_ENTRIES)
      throw new ZipTooLargeError('too many entries for a zip without ZIP64');
    const entry: Central = {
      name: Buffer.from(name, 'utf8'),
      flags: flags | FLAG_UTF8,
      crc,
      compressed,
      size,
      offset: this.offset,
    };
    this.entries.push(entry);
    return entry;
  }

  private localHeader(e: Central): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(VERSION, 4);
    h.writeUInt16LE(e.flags, 6);
    h.writeUInt16LE(DEFLATE, 8);
    h.writeUInt16LE(this.dosTime, 10);
    h.writeUInt16LE(this.dosDate, 12);
    // CRC and sizes stay 0 for a streamed entry: the data descriptor after its data carries them.
    h.writeUInt32LE(e.crc >>> 0, 14);
    h.writeUInt32LE(e.compressed, 18);
    h.writeUInt32LE(e.size, 22);
    h.writeUInt16LE(e.name.length, 26);
    return Buffer.concat([h, e.name]);
  }
}

/** One entry being deflated straight into the output. */
export class ZipEntryStream {
  private crc = 0;
  private size = 0;
  private compressed = 0;
  private readonly deflate: DeflateRaw;
  private error: Error | null = null;

  constructor(
    private readonly zip: ZipWriter,
    private readonly entry: Central,
    out: Writable,
  ) {
    // A few MiB of input may queue for zlib, so this thread builds the next rows while the thread
    // pool compresses the last ones (with the 16 KiB default every write waited for zlib).
    // (zlib passes highWaterMark on to its Transform; @types/node does not list it.)
    const options: ZlibOptions & { highWaterMark: number } = {
      level: zip.level,
      chunkSize: 1 << 16,
      highWaterMark: INPUT_QUEUE,
    };
    this.deflate = createDeflateRaw(options);
    this.deflate.on('error', (err) => {
      this.error ??= err;
    });
    // Compressed bytes go straight to the output; while it is behind, zlib is paused, its input
    // fills up and write() below waits: the whole chain holds a few hundred KiB at most.
    this.deflate.on('data', (chunk: Buffer) => {
      this.compressed += chunk.length;
      try {
        zip.advance(chunk.length);
      } catch (err) {
        this.destroy(err as Error);
        return;
      }
      if (!out.write(chunk)) {
        this.deflate.pause();
        out.once('drain', () => this.deflate.resume());
      }
    });
  }

  /** Adds uncompressed bytes; resolves once zlib can take more. */
  async write(data: string | Buffer): Promise<void> {
    this.check();
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.crc = crc32(buf, this.crc);
    this.size += buf.length;
    if (this.size > this.zip.maxBytes)
      throw new ZipTooLargeError('one part of the file would pass 4 GiB, which needs ZIP64');
    if (!this.deflate.write(buf)) await drained(this.deflate);
    this.check();
  }

  /** Flushes zlib, then writes the data descriptor. */
  async end(): Promise<void> {
    this.check();
    await new Promise<void>((resolve) => {
      this.deflate.once('end', resolve).once('close', resolve);
      this.deflate.end();
    });
    this.check();
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(this.crc >>> 0, 4);
    d.writeUInt32LE(this.compressed, 8);
    d.writeUInt32LE(this.size, 12);
    this.zip.closed(this.entry, this.crc, this.compressed, this.size);
    await this.zip.put(d);
  }

  destroy(err?: Error): void {
    this.error ??= err ?? new Error('the zip entry was stopped');
    this.deflate.destroy();
  }

  private check(): void {
    this.zip.check();
    if (this.error) throw this.error;
  }
}

/** Resolves when the stream drains, or closes or fails (the caller then checks for the failure). */
function drained(s: Writable | DeflateRaw): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      s.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    s.on('drain', done).on('close', done).on('error', done);
  });
}
