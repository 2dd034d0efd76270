/**
 * ArrayBuffer → base64 without building one giant argument list or binary string: spreading a
 * 20 MB file into `String.fromCharCode` overflows the stack. Chunks are a multiple of 3 bytes so
 * each chunk's base64 ends without padding and the pieces concatenate exactly.
 */
const CHUNK = 3 * 8192;

export function arrayBufferToBase64(buffer: ArrayBuffer | Uint8Array): string {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  const pieces: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    const chunk = bytes.subarray(offset, offset + CHUNK);
    // 24 KiB of arguments is far below any engine's limit, and much faster than a per-byte loop.
    pieces.push(btoa(String.fromCharCode.apply(null, chunk as unknown as number[])));
  }
  return pieces.join('');
}

/** base64 length for `byteLength` bytes, to refuse files the core's size cap would reject. */
export function base64Length(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4;
}

/** base64 → bytes, for the workbooks the core sends as base64 (both transports carry JSON). */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
