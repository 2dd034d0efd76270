/**
 * The camera path's decoder in Node (hardware.md §5.2): generate QR and Code 128 PNGs with
 * bwip-js, turn them into grayscale, decode with @zxing/library restricted to the gate's formats.
 */
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  NotFoundException,
  RGBLuminanceSource,
} from '@zxing/library';
// The package's Node build by name: its "." export has no condition TypeScript's Bundler resolution matches.
import bwipjs from 'bwip-js/node';
import { describe, expect, it } from 'vitest';
import { decodePngToGray, placeInFrame, type GrayImage } from './png';

function readerFor(formats: BarcodeFormat[]): MultiFormatReader {
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, formats],
    [DecodeHintType.CHARACTER_SET, 'UTF-8'],
  ]);
  const reader = new MultiFormatReader();
  reader.setHints(hints);
  return reader;
}

// §5.2 pitfall 1: decode() without hints drops POSSIBLE_FORMATS; decodeWithState keeps them.
function decode(img: GrayImage, formats: BarcodeFormat[]): { text: string; format: BarcodeFormat } {
  const bitmap = new BinaryBitmap(
    new HybridBinarizer(new RGBLuminanceSource(img.gray, img.width, img.height)),
  );
  const result = readerFor(formats).decodeWithState(bitmap);
  return { text: result.getText(), format: result.getBarcodeFormat() };
}

async function render(bcid: 'qrcode' | 'code128', text: string): Promise<GrayImage> {
  // A quiet zone matters to both detectors; `height` (mm) only for the linear code, or a QR stretches.
  const shape = bcid === 'qrcode' ? { scale: 4 } : { scale: 2, height: 12 };
  const png = await bwipjs.toBuffer({ bcid, text, ...shape, paddingwidth: 10, paddingheight: 10 });
  return decodePngToGray(png);
}

const GATE_FORMATS = [BarcodeFormat.QR_CODE, BarcodeFormat.CODE_128];

describe('zxing-js decodes generated codes in Node (hardware.md §5.2)', () => {
  it.each(['HM00001', 'https://gate.example/t/ABC123'])('QR %s', async (text) => {
    expect(decode(await render('qrcode', text), GATE_FORMATS)).toEqual({
      text,
      format: BarcodeFormat.QR_CODE,
    });
  });

  it('QR with Chinese text (UTF-8 byte mode)', async () => {
    const text = '访客 张三 3栋2单元';
    expect(decode(await render('qrcode', text), [BarcodeFormat.QR_CODE]).text).toBe(text);
  });

  it.each(['VIS-2024-000123', 'HM00001'])('Code 128 %s', async (text) => {
    expect(decode(await render('code128', text), GATE_FORMATS)).toEqual({
      text,
      format: BarcodeFormat.CODE_128,
    });
  });

  it('a QR placed in a 640×480 camera-like frame', async () => {
    const qr = await render('qrcode', 'HM00042');
    expect(decode(placeInFrame(qr, 640, 480, 200, 120), [BarcodeFormat.QR_CODE]).text).toBe('HM00042');
  });

  it('restricted formats are honoured: a QR-only reader does not find a Code 128', async () => {
    const img = await render('code128', 'VIS-2024-000123');
    expect(() => decode(img, [BarcodeFormat.QR_CODE])).toThrow(NotFoundException);
  });
});
