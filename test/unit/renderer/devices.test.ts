import { describe, expect, it } from 'vitest';
import type { DeviceHealth } from '../../../src/shared/contract';
import {
  BAUD_RATES,
  changeProtocol,
  entryToForm,
  formProblems,
  formToEntry,
  newForm,
  placeInvalid,
  type DeviceForm,
  type ProtocolInfo,
  type RawEntry,
} from '../../../src/renderer/src/devices/deviceForm';
import {
  applyPort,
  detectedPorts,
  isAmbiguous,
  type DetectedPort,
} from '../../../src/renderer/src/devices/ports';
import {
  draftFromConfig,
  entryOf,
  healthOf,
  isDirty,
  isEdited,
  itemProblems,
} from '../../../src/renderer/src/devices/draft';
import { deviceName, healthLevel } from '../../../src/renderer/src/devices/health';

/** As `device:config` lists them (src/main/devices/deviceManager.ts protocolList). */
const PROTOCOLS: ProtocolInfo[] = [
  { id: 'modbus-rtu', kind: 'thermometer', transport: 'serial', defaultBaud: 9600 },
  { id: 'lu90614', kind: 'thermometer', transport: 'serial', defaultBaud: 9600 },
  { id: 'gy-mcu90614', kind: 'thermometer', transport: 'serial', defaultBaud: 9600 },
  { id: 'serial-line', kind: 'scanner', transport: 'serial', defaultBaud: 9600 },
  { id: 'hid-pos', kind: 'scanner', transport: 'hid', defaultBaud: null },
];
const byId = (id: string) => PROTOCOLS.find((p) => p.id === id);

const health = (over: Partial<DeviceHealth>): DeviceHealth => ({
  id: 'd',
  label: 'Device',
  kind: 'thermometer',
  protocol: 'lu90614',
  state: 'connected',
  message: null,
  path: null,
  lastReadingAt: null,
  lastValue: null,
  stuck: false,
  counters: { frames: 0, garbageBytes: 0, badChecksums: 0, exceptions: 0, ioErrors: 0, reconnects: 0 },
  ...over,
});

describe('healthLevel', () => {
  it('is green only when connected with nothing to say', () => {
    expect(healthLevel({ state: 'connected', message: null })).toBe('green');
  });
  it('is amber while connecting, when a connected device does not answer or is stuck, and when switched off', () => {
    expect(healthLevel({ state: 'connecting', message: null })).toBe('amber');
    expect(healthLevel({ state: 'connecting', message: 'not_found' })).toBe('amber');
    expect(healthLevel({ state: 'connected', message: 'no_response' })).toBe('amber');
    expect(healthLevel({ state: 'connected', message: 'stuck' })).toBe('amber');
    expect(healthLevel({ state: 'disabled', message: null })).toBe('amber');
  });
  it('is red when disconnected or invalid, whatever the message', () => {
    for (const message of [null, 'not_found', 'open_failed', 'disconnected', 'hid_unavailable'] as const) {
      expect(healthLevel({ state: 'disconnected', message })).toBe('red');
    }
    expect(healthLevel({ state: 'invalid', message: 'invalid_config' })).toBe('red');
  });
  it('names an invalid entry by its id, since its label is the validator message', () => {
    expect(deviceName(health({ state: 'invalid', id: '#3', label: 'id: Required' }))).toBe('#3');
    expect(deviceName(health({ label: 'Gate thermometer' }))).toBe('Gate thermometer');
    expect(deviceName(health({ id: 'thermo-1', label: '  ' }))).toBe('thermo-1');
  });
});

const form = (over: Partial<DeviceForm>): DeviceForm => ({
  ...newForm(byId('lu90614')),
  id: 'thermo-1',
  path: '/dev/ttyUSB0',
  ...over,
});

describe('form → entry', () => {
  it('writes what a thermometer uses, with the protocol default baud', () => {
    expect(formToEntry(form({ label: ' Gate ' }), PROTOCOLS)).toEqual({
      id: 'thermo-1',
      protocol: 'lu90614',
      label: 'Gate',
      enabled: true,
      path: '/dev/ttyUSB0',
      baudRate: 9600,
      pollMs: 250,
      medianOf: 3,
      lu90614Mode: 'body',
    });
  });

  it('writes no poll interval or median for a scanner, and no baud rate for HID', () => {
    const serial = formToEntry(form({ protocol: 'serial-line', lane: 'in' }), PROTOCOLS);
    expect(serial).toEqual({
      id: 'thermo-1',
      protocol: 'serial-line',
      enabled: true,
      path: '/dev/ttyUSB0',
      baudRate: 9600,
      direction: 'in',
    });
    const hid = formToEntry(form({ protocol: 'hid-pos', baudRate: '9600', lane: 'both' }), PROTOCOLS);
    expect(hid).toEqual({ id: 'thermo-1', protocol: 'hid-pos', enabled: true, path: '/dev/ttyUSB0' });
  });

  it('writes a thermometer no lane, since it measures whoever stands there', () => {
    expect(formToEntry(form({ lane: 'out' }), PROTOCOLS)).not.toHaveProperty('direction');
  });

  it('writes a USB match in lower case, and the path as the fallback when given', () => {
    const entry = formToEntry(
      form({ addressBy: 'usb', vendorId: '0C2E', productId: '0B61', serialNumber: ' 17A ' }),
      PROTOCOLS,
    );
    expect(entry.match).toEqual({ vendorId: '0c2e', productId: '0b61', serialNumber: '17A' });
    expect(entry.path).toBe('/dev/ttyUSB0');
    const bare = formToEntry(form({ addressBy: 'usb', vendorId: '1a86', path: '' }), PROTOCOLS);
    expect(bare.match).toEqual({ vendorId: '1a86' });
    expect(bare).not.toHaveProperty('path');
  });

  it('keeps a Modbus register map it cannot edit, only for Modbus', () => {
    const map = {
      object: 0,
      divisor: 10,
      signed: true,
      statusErrorMask: 0,
      objectRangeC: { minC: 0, maxC: 1 },
      ambientRangeC: { minC: 0, maxC: 1 },
    };
    const raw: RawEntry = {
      id: 'm',
      protocol: 'modbus-rtu',
      path: '/dev/x',
      modbus: { slave: 7, fn: 4, map },
    };
    const f = { ...entryToForm(raw, PROTOCOLS), modbusSlave: '8' };
    expect(formToEntry(f, PROTOCOLS, raw).modbus).toEqual({ slave: 8, fn: 4, map });
    expect(formToEntry(changeProtocol(f, 'lu90614', PROTOCOLS), PROTOCOLS, raw)).not.toHaveProperty('modbus');
  });

  it('leaves text that is no number as text, for the core to report', () => {
    expect(formToEntry(form({ pollMs: 'abc' }), PROTOCOLS).pollMs).toBe('abc');
  });
});

describe('entry → form', () => {
  it('round-trips every protocol', () => {
    const entries: RawEntry[] = [
      {
        id: 'a',
        protocol: 'modbus-rtu',
        enabled: false,
        path: '/dev/a',
        baudRate: 19200,
        pollMs: 500,
        medianOf: 5,
        modbus: { slave: 3, fn: 4 },
      },
      {
        id: 'b',
        label: 'B',
        protocol: 'lu90614',
        enabled: true,
        path: '/dev/b',
        baudRate: 9600,
        pollMs: 250,
        medianOf: 3,
        lu90614Mode: 'object',
      },
      {
        id: 'c',
        protocol: 'gy-mcu90614',
        enabled: true,
        match: { vendorId: '1a86', productId: '7523' },
        baudRate: 115200,
        pollMs: 100,
        medianOf: 1,
      },
      { id: 'd', protocol: 'serial-line', enabled: true, path: '/dev/d', baudRate: 9600, direction: 'out' },
      { id: 'e', protocol: 'hid-pos', enabled: true, match: { vendorId: '0c2e', serialNumber: 'X1' } },
    ];
    for (const raw of entries) expect(formToEntry(entryToForm(raw, PROTOCOLS), PROTOCOLS, raw)).toEqual(raw);
  });

  it('fills in the core defaults for omitted fields', () => {
    const f = entryToForm({ id: 'x', protocol: 'gy-mcu90614', path: '/dev/x' }, PROTOCOLS);
    expect(f).toMatchObject({
      enabled: true,
      baudRate: '9600',
      pollMs: '250',
      medianOf: '3',
      lane: 'both',
      addressBy: 'path',
    });
  });

  it('reads a broken entry without throwing', () => {
    const f = entryToForm(
      { id: 5, protocol: 'nope', match: 'x', baudRate: 1234, direction: 'sideways' },
      PROTOCOLS,
    );
    expect(f).toMatchObject({ id: '5', protocol: 'nope', addressBy: 'path', baudRate: '1234', lane: 'both' });
    expect(formProblems(f, PROTOCOLS, []).map((p) => p.code)).toEqual([
      'protocol_unknown',
      'path_required',
      'baud_unsupported',
    ]);
  });
});

describe('changeProtocol', () => {
  it("takes the new protocol's default baud unless staff picked another rate", () => {
    const hid = changeProtocol(form({}), 'hid-pos', PROTOCOLS);
    expect(hid.baudRate).toBe('');
    expect(changeProtocol(hid, 'serial-line', PROTOCOLS).baudRate).toBe('9600');
    expect(changeProtocol(form({ baudRate: '115200' }), 'gy-mcu90614', PROTOCOLS).baudRate).toBe('115200');
  });
});

describe('applyPort ("use this device")', () => {
  const ch340: DetectedPort = { kind: 'serial', path: '/dev/ttyUSB0', vendorId: '1A86', productId: '7523' };
  const scanner: DetectedPort = {
    kind: 'hid',
    path: '/dev/hidraw2',
    vendorId: '0c2e',
    productId: '0b61',
    serialNumber: 'S1',
    isBarcodeScanner: true,
  };

  it('takes the path and an unambiguous USB identity', () => {
    const f = applyPort(newForm(byId('lu90614')), ch340, PROTOCOLS);
    expect(f).toMatchObject({
      path: '/dev/ttyUSB0',
      addressBy: 'usb',
      vendorId: '1a86',
      productId: '7523',
      serialNumber: '',
    });
  });

  it('stays with the path when two identical adapters without serial numbers are plugged in', () => {
    const twin: DetectedPort = { ...ch340, path: '/dev/ttyUSB1' };
    expect(isAmbiguous(ch340, [ch340, twin])).toBe(true);
    expect(applyPort(newForm(byId('lu90614')), ch340, PROTOCOLS, [ch340, twin])).toMatchObject({
      addressBy: 'path',
      path: '/dev/ttyUSB0',
      vendorId: '',
    });
  });

  it('counts only the barcode interfaces of one HID scanner', () => {
    const keyboardIf: DetectedPort = {
      ...scanner,
      path: '/dev/hidraw3',
      serialNumber: undefined,
      isBarcodeScanner: false,
    };
    const noSerial: DetectedPort = { ...scanner, serialNumber: undefined };
    expect(isAmbiguous(noSerial, [noSerial, keyboardIf])).toBe(false);
  });

  it('switches to a protocol of the port transport, same kind first', () => {
    expect(applyPort(newForm(byId('serial-line')), scanner, PROTOCOLS).protocol).toBe('hid-pos');
    expect(applyPort(newForm(byId('hid-pos')), ch340, PROTOCOLS).protocol).toBe('serial-line');
    expect(applyPort(newForm(byId('modbus-rtu')), ch340, PROTOCOLS).protocol).toBe('modbus-rtu');
  });

  it('uses the path for a port without USB identity', () => {
    const builtIn: DetectedPort = { kind: 'serial', path: '/dev/ttyS0' };
    expect(applyPort(form({ addressBy: 'usb', vendorId: '1a86' }), builtIn, PROTOCOLS)).toMatchObject({
      addressBy: 'path',
      path: '/dev/ttyS0',
      vendorId: '',
    });
  });

  it('lists serial ports, then HID devices with barcode scanners first', () => {
    const mouse = { path: '/dev/hidraw0', vendorId: '046d', productId: 'c077', isBarcodeScanner: false };
    const ports = detectedPorts({
      serial: [{ path: '/dev/ttyS0' }],
      hid: [mouse, { ...scanner }],
      errors: [],
    });
    expect(ports.map((p) => p.path)).toEqual(['/dev/ttyS0', '/dev/hidraw2', '/dev/hidraw0']);
  });
});

describe('formProblems', () => {
  const codes = (f: DeviceForm, others: string[] = []) =>
    formProblems(f, PROTOCOLS, others).map((p) => p.code);

  it('finds none in a good form', () => {
    expect(codes(form({}))).toEqual([]);
    expect(codes(form({ protocol: 'hid-pos', addressBy: 'usb', vendorId: '0c2e', path: '' }))).toEqual([]);
  });

  it('names each mistake', () => {
    expect(codes(form({ id: 'Thermo 1' }))).toEqual(['id_format']);
    expect(codes(form({ id: '-x' }))).toEqual(['id_format']);
    expect(codes(form({ id: 'a'.repeat(41) }))).toEqual(['id_format']);
    expect(codes(form({}), ['thermo-1'])).toEqual(['id_taken']);
    expect(codes(form({ label: 'x'.repeat(61) }))).toEqual(['label_long']);
    expect(codes(form({ path: '  ' }))).toEqual(['path_required']);
    expect(codes(form({ addressBy: 'usb', vendorId: 'c2e' }))).toEqual(['vendor_hex']);
    expect(codes(form({ addressBy: 'usb', vendorId: '0c2e', productId: 'xyzw' }))).toEqual(['product_hex']);
    expect(codes(form({ baudRate: '14400' }))).toEqual(['baud_unsupported']);
    expect(codes(form({ pollMs: '49' }))).toEqual(['poll_range']);
    expect(codes(form({ pollMs: '250.5' }))).toEqual(['poll_range']);
    expect(codes(form({ medianOf: '16' }))).toEqual(['median_range']);
    expect(codes(form({ protocol: 'modbus-rtu', modbusSlave: '248' }))).toEqual(['slave_range']);
  });

  it('ignores fields the protocol does not use', () => {
    expect(codes(form({ protocol: 'serial-line', pollMs: '', medianOf: '' }))).toEqual([]);
    expect(codes(form({ protocol: 'hid-pos', baudRate: '14400' }))).toEqual([]);
    expect(codes(form({ modbusSlave: '0' }))).toEqual([]);
  });

  it('covers every standard rate', () => {
    for (const b of BAUD_RATES) expect(codes(form({ baudRate: String(b) }))).toEqual([]);
  });
});

describe('placeInvalid', () => {
  const entries: RawEntry[] = [{ id: 'a' }, { id: 'b' }, { protocol: 'hid-pos' }];

  it('trusts the index when the id agrees', () => {
    const { byIndex, unplaced } = placeInvalid(entries, [
      { index: 1, id: 'b', message: 'bad b' },
      { index: 2, id: null, message: 'no id' },
    ]);
    expect([...byIndex]).toEqual([
      [1, 'bad b'],
      [2, 'no id'],
    ]);
    expect(unplaced).toEqual([]);
  });

  it('finds a shifted entry by id and keeps what fits nothing apart', () => {
    // As when config.json holds a non-object entry the core counts but does not list.
    const { byIndex, unplaced } = placeInvalid(entries, [
      { index: 0, id: null, message: 'a string' },
      { index: 2, id: 'b', message: 'bad b' },
      { index: 3, id: null, message: 'no id' },
    ]);
    expect([...byIndex]).toEqual([[1, 'bad b']]);
    expect(unplaced.map((u) => u.message)).toEqual(['a string', 'no id']);
  });

  it('joins two messages for one entry', () => {
    const { byIndex } = placeInvalid(
      [{ id: 'a' }],
      [
        { index: 0, id: 'a', message: 'one' },
        { index: 0, id: 'a', message: 'two' },
      ],
    );
    expect(byIndex.get(0)).toBe('one; two');
  });
});

describe('draft', () => {
  const raw: RawEntry[] = [
    { id: 'thermo-1', protocol: 'lu90614', path: '/dev/ttyUSB0' },
    { id: 'scan', protocol: 'serial-line', path: '/dev/ttyACM0', baudRate: 1234 },
  ];
  const load = () =>
    draftFromConfig(raw, [{ index: 1, id: 'scan', message: 'baudRate: unsupported baud rate' }]);

  it('sends untouched and merely opened entries back exactly as loaded', () => {
    const { items } = load();
    const opened = items.map((it) => ({ ...it, form: entryToForm(it.raw ?? {}, PROTOCOLS) }));
    expect(opened.map((it) => isEdited(it, PROTOCOLS))).toEqual([false, false]);
    expect(opened.map((it) => entryOf(it, PROTOCOLS))).toEqual(raw);
    expect(isDirty(opened, raw.length, PROTOCOLS)).toBe(false);
  });

  it('rebuilds an edited entry from its form and counts it as a change', () => {
    const [first, second] = load().items;
    const edited = { ...first!, form: { ...entryToForm(first!.raw ?? {}, PROTOCOLS), label: 'Gate' } };
    expect(entryOf(edited, PROTOCOLS)).toMatchObject({ id: 'thermo-1', label: 'Gate', baudRate: 9600 });
    expect(isDirty([edited, second!], 2, PROTOCOLS)).toBe(true);
    expect(isDirty([second!], 2, PROTOCOLS)).toBe(true);
    expect(isDirty([second!, first!], 2, PROTOCOLS)).toBe(true);
  });

  it('shows the core message on the entry it belongs to', () => {
    expect(load().items.map((it) => it.error)).toEqual([null, 'baudRate: unsupported baud rate']);
  });

  it("counts the other entries' ids as taken", () => {
    const { items } = load();
    const dup = {
      ...items[1]!,
      form: { ...entryToForm(items[1]!.raw ?? {}, PROTOCOLS), id: 'thermo-1', baudRate: '9600' },
    };
    expect(itemProblems([items[0]!, dup], 1, PROTOCOLS).map((p) => p.code)).toEqual(['id_taken']);
    expect(itemProblems([items[0]!, dup], 0, PROTOCOLS)).toEqual([]);
  });

  it("finds an entry's health by id, an invalid duplicate's by state, an id-less one's by position", () => {
    const { items } = draftFromConfig(
      [
        { id: 'a', protocol: 'lu90614', path: '/x' },
        { id: 'a', protocol: 'lu90614', path: '/y' },
        { protocol: 'hid-pos' },
      ],
      [
        { index: 1, id: 'a', message: 'duplicate device id a' },
        { index: 2, id: null, message: 'id: Required' },
      ],
    );
    const list = [
      health({ id: 'a' }),
      health({ id: 'a', state: 'invalid', message: 'invalid_config' }),
      health({ id: '#3', state: 'invalid' }),
    ];
    expect(items.map((it) => healthOf(it, list))).toEqual([list[0], list[1], list[2]]);
    expect(healthOf({ ...items[0]!, raw: null, savedIndex: null }, list)).toBeNull();
  });
});
