import { describe, expect, it } from 'vitest';
import { ExportFailure, type ExportJobEvent } from '../../../src/shared/exportJobs';
import { ChecklistCategory, FeverFollowUp } from '../../../src/shared/report';
import { GateCallError } from '../../../src/shared/contract';
import { en } from '../../../src/renderer/src/i18n/en';
import { formatCount, isoToLocalInput, localInputToIso } from '../../../src/renderer/src/i18n/format';
import { zhCN } from '../../../src/renderer/src/i18n/zh-CN';
import { arrayBufferToBase64, base64ToBytes } from '../../../src/renderer/src/util/base64';
import { niceCeiling, scaleBars } from '../../../src/renderer/src/util/chart';
import { base64ToBlob, XLSX_TYPE } from '../../../src/renderer/src/util/download';
import {
  applyExportEvent,
  failedState,
  IDLE,
  progressPercent,
  startedState,
  type ExportState,
} from '../../../src/renderer/src/util/exportJob';

describe('base64 → bytes → Blob', () => {
  it('round-trips with arrayBufferToBase64 across padding cases and chunk edges', () => {
    for (const size of [0, 1, 2, 3, 4, 24_576, 24_577, 70_001]) {
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 37 + 11) & 0xff;
      expect([...base64ToBytes(arrayBufferToBase64(bytes))], `size ${size}`).toEqual([...bytes]);
    }
  });

  it('makes a Blob of the workbook bytes with the xlsx type', async () => {
    const blob = base64ToBlob('UEsDBA==');
    expect(blob.type).toBe(XLSX_TYPE);
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  it('ignores line breaks some encoders put in base64', () => {
    expect([...base64ToBytes('UEsD\nBA==')]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });
});

describe('chart scaling', () => {
  it('rounds the top up to 1, 2 or 5 × 10ⁿ', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(1)).toBe(1);
    expect(niceCeiling(3)).toBe(5);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(10)).toBe(10);
    expect(niceCeiling(11)).toBe(20);
    expect(niceCeiling(199)).toBe(200);
    expect(niceCeiling(201)).toBe(500);
    expect(niceCeiling(Number.NaN)).toBe(1);
  });

  it('scales bars against the top, keeps zero at zero and shows any non-zero count', () => {
    expect(scaleBars([0, 5, 10], 100)).toEqual({ top: 10, lengths: [0, 50, 100] });
    expect(scaleBars([1000, 1], 120).lengths).toEqual([120, 1]);
    expect(scaleBars([0, 0, 0], 120)).toEqual({ top: 1, lengths: [0, 0, 0] });
    expect(scaleBars([], 100)).toEqual({ top: 1, lengths: [] });
  });

  it('never draws a bar longer than the chart', () => {
    const values = Array.from({ length: 24 }, (_, i) => i * 13);
    const { lengths } = scaleBars(values, 120);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(120);
    expect(lengths).toHaveLength(24);
  });
});

describe('datetime-local in the gate time zone', () => {
  it('reads the value on the gate clock, not the PC clock', () => {
    expect(localInputToIso('2020-02-11T08:30', 'Asia/Shanghai')).toBe('2020-02-11T00:30:00.000Z');
    expect(localInputToIso('2020-02-11T00:05', 'Asia/Shanghai')).toBe('2020-02-10T16:05:00.000Z');
    expect(localInputToIso('2020-02-11T08:30:15', 'Asia/Shanghai')).toBe('2020-02-11T00:30:15.000Z');
    expect(localInputToIso('2020-07-01T12:00', 'Europe/London')).toBe('2020-07-01T11:00:00.000Z');
    expect(localInputToIso('2020-01-01T12:00', 'Europe/London')).toBe('2020-01-01T12:00:00.000Z');
  });

  it('handles DST: a skipped time moves forward, a repeated time takes the first', () => {
    // New York skipped 02:00–03:00 on 2021-03-14 and repeated 01:00–02:00 on 2021-11-07.
    expect(localInputToIso('2021-03-14T02:30', 'America/New_York')).toBe('2021-03-14T07:30:00.000Z');
    expect(localInputToIso('2021-03-14T03:30', 'America/New_York')).toBe('2021-03-14T07:30:00.000Z');
    expect(localInputToIso('2021-11-07T01:30', 'America/New_York')).toBe('2021-11-07T05:30:00.000Z');
  });

  it('refuses incomplete or impossible values', () => {
    for (const bad of ['', '2020-02-11', '2020-02-11T8:30', '2020-02-30T08:00', 'nonsense']) {
      expect(localInputToIso(bad, 'Asia/Shanghai'), bad).toBeNull();
    }
  });

  it('round-trips with isoToLocalInput', () => {
    expect(isoToLocalInput('2020-02-10T16:05:09Z', 'Asia/Shanghai')).toBe('2020-02-11T00:05');
    expect(localInputToIso(isoToLocalInput('2020-02-10T16:05:00Z', 'Asia/Shanghai'), 'Asia/Shanghai')).toBe(
      '2020-02-10T16:05:00.000Z',
    );
    expect(isoToLocalInput('not a time', 'Asia/Shanghai')).toBe('');
  });
});

describe('formatCount', () => {
  it('groups digits in the gate language', () => {
    expect(formatCount(12345, 'en')).toBe('12,345');
    expect(formatCount(12345, 'zh-CN')).toBe('12,345');
    expect(formatCount(0, 'en')).toBe('0');
  });
});

describe('export job state', () => {
  const result = { path: '/media/usb/entry-log.csv', fileName: 'entry-log.csv', format: 'csv' as const, rows: 3, bytes: 120 };
  const running: ExportState = { phase: 'running', jobId: 'j1', written: 0, total: 0 };

  it('follows its own job from progress to done', () => {
    let s = applyExportEvent(running, { jobId: 'j1', state: 'running', written: 2, total: 3 });
    expect(s).toEqual({ phase: 'running', jobId: 'j1', written: 2, total: 3 });
    s = applyExportEvent(s, { jobId: 'j1', state: 'done', result });
    expect(s).toEqual({ phase: 'done', jobId: 'j1', result });
    // A late progress event after the end changes nothing.
    expect(applyExportEvent(s, { jobId: 'j1', state: 'running', written: 3, total: 3 })).toBe(s);
  });

  it('ignores another job and events while idle', () => {
    const other: ExportJobEvent = { jobId: 'j2', state: 'done', result };
    expect(applyExportEvent(running, other)).toBe(running);
    expect(applyExportEvent(IDLE, other)).toBe(IDLE);
  });

  it('reports cancel and failure with the reason', () => {
    expect(applyExportEvent(running, { jobId: 'j1', state: 'cancelled' })).toEqual({ phase: 'cancelled', jobId: 'j1' });
    expect(
      applyExportEvent(running, { jobId: 'j1', state: 'failed', code: 'not_found', message: 'folder not found', reason: 'folder_missing' }),
    ).toEqual({ phase: 'failed', code: 'not_found', reason: 'folder_missing', message: 'folder not found' });
    expect(applyExportEvent(running, { jobId: 'j1', state: 'failed', code: 'weird', message: 'x', reason: null })).toMatchObject({
      code: 'internal',
    });
  });

  it('replays events that overtook the start answer', () => {
    expect(
      startedState('j1', [
        { jobId: 'j0', state: 'running', written: 9, total: 9 },
        { jobId: 'j1', state: 'running', written: 1, total: 5 },
        { jobId: 'j1', state: 'done', result },
      ]),
    ).toEqual({ phase: 'done', jobId: 'j1', result });
    expect(startedState('j1', [])).toEqual(running);
  });

  it('turns a refused start into a failed state', () => {
    const err = new GateCallError({ code: 'forbidden', message: 'not writable', details: { reason: 'folder_not_writable' } });
    expect(failedState(err)).toEqual({ phase: 'failed', code: 'forbidden', reason: 'folder_not_writable', message: 'not writable' });
    expect(failedState(new GateCallError({ code: 'conflict', message: 'busy' }))).toMatchObject({ code: 'conflict', reason: null });
    expect(failedState(new Error('boom'))).toMatchObject({ code: 'internal', reason: null, message: 'boom' });
  });

  it('gives a percentage only once the total is known', () => {
    expect(progressPercent(0, 0)).toBeNull();
    expect(progressPercent(1, 3)).toBe(33);
    expect(progressPercent(5, 3)).toBe(100);
  });
});

describe('desk words', () => {
  it('cover every failure, follow-up and checklist category the core can send', () => {
    const keys = Object.keys(zhCN);
    for (const r of ExportFailure.options) expect(keys).toContain(`export.failed.${r}`);
    for (const f of FeverFollowUp.options) expect(keys).toContain(`report.followUp.${f}`);
    for (const c of ChecklistCategory.options) expect(keys).toContain(`checklist.category.${c}`);
    for (const f of ['survey', 'arrivals', 'gate_control']) expect(keys).toContain(`forms.${f}`);
    expect(Object.keys(en).sort()).toEqual(keys.sort());
  });
});
