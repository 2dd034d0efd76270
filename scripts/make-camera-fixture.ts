/**
 * Writes test/fixtures/camera/qr-<PASS>.y4m: a short "camera video" of a demo pass's QR code, which
 * the camera e2e test feeds to Chromium's fake camera (--use-file-for-fake-video-capture). Chromium
 * loops the file, so a few frames are enough; they shift by a pixel or two like a hand-held pass.
 * The file is checked by decoding every frame back with @zxing/library before it is written.
 *
 * Run: npx tsx scripts/make-camera-fixture.ts [PASS]   (default HM00001, a 'black' = at-home resident
 * in resources/demo-roster.csv)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  RGBLuminanceSource,
} from '@zxing/library';
// The package's Node build by name: its "." export has no condition TypeScript's Bundler resolution matches.
import bwipjs from 'bwip-js/node';
import { decodePngToGray, placeInFrame, type GrayImage } from '../test/unit/drivers/png';

const WIDTH = 320;
const HEIGHT = 240;
const FPS = 10;
/** Top-left of the code in each frame: centred, with camera-shake jitter. */
const JITTER: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [2, 1],
  [-1, 2],
];

/**
 * YUV4MPEG2 with 4:2:0 chroma, the only layout Chromium's file capture reads. `C420jpeg` means
 * full-range luma, so the grayscale goes into Y unchanged; the chroma planes are neutral (128).
 */
export function y4m(frames: readonly GrayImage[], fps: number): Buffer {
  const first = frames[0];
  if (!first) throw new Error('no frames');
  const { width, height } = first;
  if (width % 2 || height % 2) throw new Error('4:2:0 needs even dimensions');
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const parts: Buffer[] = [
    Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`, 'latin1'),
  ];
  for (const f of frames) {
    if (f.width !== width || f.height !== height) throw new Error('frames differ in size');
    parts.push(
      Buffer.from('FRAME\n', 'latin1'),
      Buffer.from(f.gray.buffer, f.gray.byteOffset, f.gray.byteLength),
      chroma,
    );
  }
  return Buffer.concat(parts);
}

function decodeGray(img: GrayImage): string {
  const reader = new MultiFormatReader();
  reader.setHints(
    new Map([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE, BarcodeFormat.CODE_128]]]),
  );
  const bitmap = new BinaryBitmap(
    new HybridBinarizer(new RGBLuminanceSource(img.gray, img.width, img.height)),
  );
  return reader.decodeWithState(bitmap).getText();
}

async function main(): Promise<void> {
  const pass = process.argv[2] ?? 'HM00001';
  if (!/^[A-Z0-9-]{1,40}$/.test(pass)) throw new Error(`not a pass number: ${pass}`);
  // 5 px a module: a version-1 QR is ~105 px, a pass held ~30 cm from a 320-wide camera.
  const png = await bwipjs.toBuffer({
    bcid: 'qrcode',
    text: pass,
    scale: 5,
    paddingwidth: 20,
    paddingheight: 20,
  });
  const qr = decodePngToGray(png);
  const frames = JITTER.map(([dx, dy]) =>
    placeInFrame(qr, WIDTH, HEIGHT, ((WIDTH - qr.width) >> 1) + dx, ((HEIGHT - qr.height) >> 1) + dy),
  );
  frames.forEach((f, i) => {
    const text = decodeGray(f);
    if (text !== pass) throw new Error(`frame ${i} decodes as ${text}, not ${pass}`);
  });

  const dir = fileURLToPath(new URL('../test/fixtures/camera/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}qr-${pass}.y4m`;
  const data = y4m(frames, FPS);
  writeFileSync(file, data);
  console.log(`wrote ${file} (${frames.length} frames ${WIDTH}x${HEIGHT}, ${data.length} bytes)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
