import type { DailyReport } from '../../../src/shared/report';

const off = { available: false, reason: 'no_table' as const, gateFiltered: false };

/** A hand-written report for the renderers: every number here is the one the page must show. */
export function fixtureReport(over: Partial<DailyReport> = {}): DailyReport {
  return {
    scope: { compoundId: 'c1', compoundName: '示范小区', gateId: 'gate-south', gateName: '南门' },
    range: {
      from: '2020-02-10',
      to: '2020-02-10',
      days: 1,
      timeZone: 'Asia/Shanghai',
      fromUtc: '2020-02-09T16:00:00.000Z',
      toUtc: '2020-02-10T16:00:00.000Z',
    },
    generatedAt: '2020-02-10T13:00:00.000Z',
    checks: { total: 123, admitted: 110, denied: 9, referred: 4, in: 70, out: 53 },
    deniedByReason: [
      { reason: 'fever', count: 5 },
      { reason: 'unknown_pass', count: 4 },
    ],
    referredByReason: [{ reason: 'status_refer', count: 4 }],
    fevers: {
      total: 2,
      acknowledged: 1,
      open: 1,
      noAlert: 0,
      truncated: false,
      items: [
        {
          entryId: 'e1',
          occurredAt: '2020-02-10T01:30:00.000Z',
          gateId: 'gate-south',
          household: '3-2-402',
          nameMasked: '王*明',
          temperatureC: 38.2,
          alertId: 'a1',
          followUp: 'acknowledged',
          acknowledgedAt: '2020-02-10T01:45:00.000Z',
        },
        {
          entryId: 'e2',
          occurredAt: '2020-02-10T02:30:00.000Z',
          gateId: 'gate-south',
          household: null,
          nameMasked: null,
          temperatureC: 37.9,
          alertId: 'a2',
          followUp: 'open',
          acknowledgedAt: null,
        },
      ],
    },
    perHour: [0, 0, 0, 0, 0, 0, 3, 12, 20, 15, 9, 8, 7, 6, 5, 4, 6, 10, 11, 4, 2, 1, 0, 0],
    days: [{ date: '2020-02-10', checks: 123, admitted: 110, denied: 9, referred: 4, fevers: 2 }],
    households: {
      scheme: 'yijingyuan9',
      total: 12,
      residents: 30,
      asOf: '2020-02-10T13:00:00.000Z',
      byStatus: [
        {
          code: 'black',
          labelZh: '在家，假期未离开',
          labelEn: 'At home, did not leave',
          colour: '#1f1f1f',
          households: 9,
          residents: 24,
        },
        {
          code: 'orange',
          labelZh: '重点地区返回，隔离中',
          labelEn: 'Back from a key region, in isolation',
          colour: '#f36c00',
          households: 3,
          residents: 6,
        },
      ],
    },
    staffOnDuty: ['王保安', '李志愿者'],
    checklist: [
      {
        date: '2020-02-10',
        required: { done: 1, total: 1 },
        optional: { done: 0, total: 1 },
        items: [
          {
            code: 'gate_two_person',
            category: 'gate',
            required: true,
            labelZh: '门岗双人值守',
            labelEn: 'Two-person post',
            ticked: true,
            by: '李主任',
            at: '2020-02-10T00:30:00.000Z',
            changes: 1,
          },
          {
            code: 'gate_vehicles',
            category: 'gate',
            required: false,
            labelZh: '车辆登记',
            labelEn: 'Vehicles registered',
            ticked: false,
            by: null,
            at: null,
            changes: 0,
          },
        ],
      },
    ],
    disinfection: [
      {
        id: 'd1',
        place: '3号楼电梯',
        doneAt: '2020-02-10T00:00:00.000Z',
        person: '王保洁',
        agent: '84消毒液',
        note: '',
        recordedBy: '',
        recordedAt: '2020-02-10T00:10:00.000Z',
      },
    ],
    visitors: { ...off, registered: 0, left: 0 },
    parcels: { available: true, reason: null, gateFiltered: false, received: 17, collected: 15 },
    returnees: { ...off, registered: 0 },
    observations: { ...off, started: 0, ended: 0 },
    vehicles: { ...off, in: 0, out: 0 },
    ...over,
  };
}
