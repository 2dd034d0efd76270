/**
 * GY-MCU90614 / MCU90615 (MLX90614 behind an MCU, UART 9600 or 115200), hardware.md §2.3.
 * Host → module `A5 <cmd> <sum8>`; module → host `5A 5A <type> <n> <n data bytes> <sum8>`. Type
 * 0x45 with n = 4 carries object then ambient, int16 big-endian hundredths of °C.
 */
import { sum8, withSum8 } from '../checksum';
import { createFramer, inRange, int16be, NEED_MORE, NOT_A_FRAME, type RangeC } from '../framer';
import type { StreamDecoder, TemperatureReading } from '../types';

export type GyMcu90614Command =
  'stream' | 'query' | 'baud9600' | 'baud115200' | 'autoOutputOn' | 'autoOutputOff';

const COMMAND_CODES: Record<GyMcu90614Command, number> = {
  stream: 0x45,
  query: 0x15,
  baud9600: 0xae,
  baud115200: 0xaf,
  autoOutputOn: 0x51,
  autoOutputOff: 0x52,
};

export const GY_TEMPERATURE_TYPE = 0x45;
/**
 * Frames are parsed by their length byte, since a later firmware sends a 10-byte body-mode frame
 * whose layout is undocumented; the bound keeps a false header from stalling the stream for long.
 */
const MAX_DATA_BYTES = 8;

/** MLX90614 datasheet spans: object −70…382.2 °C, ambient (die) −40…125 °C. */
export const GY_MCU90614_RANGES: { object: RangeC; ambient: RangeC } = {
  object: { minC: -70, maxC: 382.2 },
  ambient: { minC: -40, maxC: 125 },
};

export function encodeGyMcu90614Command(cmd: GyMcu90614Command): Uint8Array {
  return withSum8(Uint8Array.of(0xa5, COMMAND_CODES[cmd]));
}

/** Device side (simulator, tests): a temperature frame. */
export function encodeGyMcu90614Frame(objectC: number, ambientC: number): Uint8Array {
  const o = Math.round(objectC * 100);
  const a = Math.round(ambientC * 100);
  if ([o, a].some((v) => v < -0x8000 || v > 0x7fff))
    throw new RangeError('GY-MCU90614 values are int16 hundredths');
  return withSum8(
    Uint8Array.of(0x5a, 0x5a, GY_TEMPERATURE_TYPE, 4, (o >> 8) & 0xff, o & 0xff, (a >> 8) & 0xff, a & 0xff),
  );
}

export type GyMcu90614DecoderOptions = { deviceId: string };

export function createGyMcu90614Decoder(opts: GyMcu90614DecoderOptions): StreamDecoder<TemperatureReading> {
  const framer = createFramer({
    maxFrameLength: 5 + MAX_DATA_BYTES,
    frameLength(buf, i, end) {
      if (buf[i] !== 0x5a) return NOT_A_FRAME;
      if (i + 1 >= end) return NEED_MORE;
      if (buf[i + 1] !== 0x5a) return NOT_A_FRAME;
      if (i + 3 >= end) return NEED_MORE;
      const n = buf[i + 3] ?? 0;
      return n >= 1 && n <= MAX_DATA_BYTES ? 5 + n : NOT_A_FRAME;
    },
    checksumOk: (buf, i, len) => sum8(buf, i, i + len - 1) === buf[i + len - 1],
  });

  return {
    push(chunk, at) {
      const out: TemperatureReading[] = [];
      framer.push(chunk, (buf, i, len) => {
        if (buf[i + 2] !== GY_TEMPERATURE_TYPE || buf[i + 3] !== 4) {
          // A real frame (its length byte is under the checksum) that this driver cannot read.
          framer.stats.garbageBytes += len;
          return 'accepted';
        }
        const objectC = int16be(buf, i + 4) / 100;
        const ambientC = int16be(buf, i + 6) / 100;
        if (!inRange(objectC, GY_MCU90614_RANGES.object) || !inRange(ambientC, GY_MCU90614_RANGES.ambient))
          return 'rejected';
        framer.stats.frames++;
        out.push({ kind: 'temperature', objectC, ambientC, deviceId: opts.deviceId, at });
        return 'accepted';
      });
      return out;
    },
    stats: () => ({ ...framer.stats }),
    reset: () => framer.reset(),
  };
}
