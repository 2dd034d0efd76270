/**
 * LU90614 body-temperature UART module (hardware.md §2.4), 9600 8N1. Host commands are
 * `FA <cmd> <sum8>`; the reply is `FE MODE DataH DataL r1 r2 r3 r4 SUM` with DataH = whole °C and
 * DataL = hundredths, SUM = sum8 of bytes 0–7. MODE 0xAA = object, 0xAC = body (the module applies
 * its own skin→body compensation).
 */
import { sum8, withSum8 } from '../checksum';
import { createFramer, inRange, NEED_MORE, NOT_A_FRAME, type RangeC } from '../framer';
import type { StreamDecoder, TemperatureReading } from '../types';

export type Lu90614Mode = 'body' | 'object';
export type Lu90614Command = 'bodyMode' | 'objectMode' | 'measure';

const COMMAND_CODES: Record<Lu90614Command, number> = { bodyMode: 0xc5, objectMode: 0xc6, measure: 0xca };
export const LU90614_MODE_BYTE: Record<Lu90614Mode, number> = { object: 0xaa, body: 0xac };
export const LU90614_FRAME_LENGTH = 9;

/**
 * Object mode: the MLX90614 object span (−70…382.2 °C) cut to what the unsigned whole-degree byte
 * can carry. Body mode: the module's compensation only means something for a person in front of
 * it, so a value outside 20–50 °C is not a body temperature. (Fever/plausibility limits such as
 * 30–45 °C stay in the gate policy, which must still see a cold-skin 28 °C to ask for a re-measure.)
 */
export const LU90614_RANGES: Record<Lu90614Mode, RangeC> = {
  object: { minC: 0, maxC: 255.99 },
  body: { minC: 20, maxC: 50 },
};

export function encodeLu90614Command(cmd: Lu90614Command): Uint8Array {
  return withSum8(Uint8Array.of(0xfa, COMMAND_CODES[cmd]));
}

/** Device side (simulator, tests): a reply frame for a temperature in the given mode. */
export function encodeLu90614Reading(celsius: number, mode: Lu90614Mode): Uint8Array {
  const hundredths = Math.round(celsius * 100);
  if (hundredths < 0 || hundredths > 255_99) throw new RangeError(`LU90614 cannot carry ${celsius} °C`);
  return withSum8(
    Uint8Array.of(0xfe, LU90614_MODE_BYTE[mode], Math.floor(hundredths / 100), hundredths % 100, 0, 0, 0, 0),
  );
}

export type Lu90614DecoderOptions = { deviceId: string; ranges?: Partial<Record<Lu90614Mode, RangeC>> };

/**
 * In body mode the module reports no object value, yet `objectC` is required by
 * TemperatureReading: it carries the same (body) value, and `bodyC` marks that it is compensated.
 */
export function createLu90614Decoder(opts: Lu90614DecoderOptions): StreamDecoder<TemperatureReading> {
  const ranges = { ...LU90614_RANGES, ...opts.ranges };
  const framer = createFramer({
    maxFrameLength: LU90614_FRAME_LENGTH,
    frameLength(buf, i, end) {
      if (buf[i] !== 0xfe) return NOT_A_FRAME;
      if (i + 1 >= end) return NEED_MORE;
      const mode = buf[i + 1];
      return mode === 0xaa || mode === 0xac ? LU90614_FRAME_LENGTH : NOT_A_FRAME;
    },
    checksumOk: (buf, i, len) => sum8(buf, i, i + len - 1) === buf[i + len - 1],
  });

  return {
    push(chunk, at) {
      const out: TemperatureReading[] = [];
      framer.push(chunk, (buf, i) => {
        const whole = buf[i + 2] ?? 0;
        const hundredths = buf[i + 3] ?? 0;
        if (hundredths > 99) return 'rejected';
        const celsius = (whole * 100 + hundredths) / 100;
        const mode: Lu90614Mode = buf[i + 1] === 0xac ? 'body' : 'object';
        if (!inRange(celsius, ranges[mode])) return 'rejected';
        framer.stats.frames++;
        out.push(
          mode === 'body'
            ? { kind: 'temperature', objectC: celsius, bodyC: celsius, deviceId: opts.deviceId, at }
            : { kind: 'temperature', objectC: celsius, deviceId: opts.deviceId, at },
        );
        return 'accepted';
      });
      return out;
    },
    stats: () => ({ ...framer.stats }),
    reset: () => framer.reset(),
  };
}
