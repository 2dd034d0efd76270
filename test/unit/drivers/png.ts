/**
 * Just enough PNG decoding for test images from bwip-js (8-bit, non-interlaced; gray, RGB, gray+
 * alpha or RGBA), to grayscale as @zxing/library's RGBLuminanceSource wants it (hardware.md §5.2
 * pitfall 3: RGBA or encoded bytes give NotFound). Transparent pixels are composited over white,
 * since bwip-js leaves the background transparent.
 */
import { inflateSync } from 'node:zlib';

export type GrayImage = { width: number; height: number; gray: Uint8ClampedArray };

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePngToGray(png: Uint8Array): GrayImage {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colorType, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      channels = CHANNELS[colorType ?? -1] ?? 0;
      if (depth !== 8 || channels === 0 || interlace !== 0)
        throw new Error(`unsupported PNG: depth ${depth} type ${colorType} interlace ${interlace}`);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const cur = new Uint8Array(stride);
  const prev = new Uint8Array(stride);
  const gray = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    const filter = raw[row] ?? 0;
    for (let x = 0; x < stride; x++) {
      const v = raw[row + 1 + x] ?? 0;
      const a = x >= channels ? (cur[x - channels] ?? 0) : 0;
      const b = prev[x] ?? 0;
      const c = x >= channels ? (prev[x - channels] ?? 0) : 0;
      const pred =
        filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : 0;
      cur[x] = (v + pred) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const p = x * channels;
      const lum =
        channels >= 3 ? ((cur[p] ?? 0) + 2 * (cur[p + 1] ?? 0) + (cur[p + 2] ?? 0)) / 4 : (cur[p] ?? 0);
      const alpha = channels === 4 ? (cur[p + 3] ?? 255) : channels === 2 ? (cur[p + 1] ?? 255) : 255;
      gray[y * width + x] = (lum * alpha + 255 * (255 - alpha)) / 255;
    }
    prev.set(cur);
  }
  return { width, height, gray };
}

/** Places the image in a larger camera-like frame with a soft left-to-right gradient. */
export function placeInFrame(
  img: GrayImage,
  width: number,
  height: number,
  left: number,
  top: number,
): GrayImage {
  const gray = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) gray[y * width + x] = 235 - Math.round((20 * x) / width);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const v = img.gray[y * img.width + x] ?? 255;
      if (v < 128) gray[(top + y) * width + left + x] = v + 25;
    }
  }
  return { width, height, gray };
}
