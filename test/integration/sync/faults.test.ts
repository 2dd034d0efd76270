/**
 * Fault injection, end to end: five real gate cores keep checking people while their sync loops
 * talk to the hub through a proxy that resets, black-holes, delays, duplicates, cuts and drops
 * requests; the hub process is SIGKILLed mid-push and restarted; the committee keeps changing the
 * roster. After SYNC_FAULTS injected faults (default 1000) the faults stop and every event must be
 * in the hub exactly once, nothing quarantined, and every gate at the hub's roster cursor with the
 * hub's roster.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { AdminGate, PresenceResponse } from '../../../src/shared/sync';
import { ADMIN, hubClient, PG_OK, setupCompound } from '../../hub/helpers';
import { SMALL_ROSTER } from '../../helpers/gate';
import { tempDir } from '../../helpers/tmp';
import { FAULT_KINDS, startFaultProxy, type FaultProxy } from './faultProxy';
import { check, enrolledGate, type SyncedGate } from './helpers';
import type { HubProcess } from './hubProcess';
import { spawnIsolatedHub } from './isolatedHub';

const TARGET_FAULTS = Number(process.env.SYNC_FAULTS ?? 1000);
const RESTARTS = Number(process.env.SYNC_RESTARTS ?? (PG_OK ? 3 : 1));
const FAULT_PHASE_CAP_MS = Number(process.env.SYNC_FAULT_CAP_MS ?? 100_000);
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


describe('sync under injected faults and hub restarts', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it(`≥ ${TARGET_FAULTS} faults: every event exactly once at the hub, every gate at the hub's roster`, async () => {
    const tmp = tempDir('gatehouse-hub-');
    cleanups.push(async () => tmp.cleanup());
    const hub: HubProcess = await spawnIsolatedHub({ postgres: PG_OK, dir: tmp.dir, onCleanup: (fn) => cleanups.push(fn) });
    const api = hubClient(hub.url);
    const proxy: FaultProxy = await startFaultProxy(hub.port, { rate: Number(process.env.SYNC_FAULT_RATE ?? 0.7), seed: SEED });
    cleanups.push(() => proxy.close());

    const c = await setupCompound(api, []);
    await api.admin('PUT', `${c.base}/roster`, { rows: SMALL_ROSTER });
    const gates: SyncedGate[] = [];
    for (const id of ['gate-north', 'gate-south', 'gate-east', 'gate-west', 'gate-garage']) {
      const g = await enrolledGate(api, c, id, {
        roster: SMALL_ROSTER, // a local roster the hub's will replace, under faults
        sync: { timeoutMs: 400, intervalMs: 10, backoff: { baseMs: 5, capMs: 40 }, batchSize: 25, pullLimit: 10 },
      });
      cleanups.push(g.cleanup);
      g.db.prepare('UPDATE sync_state SET hub_url = ? WHERE id = 1').run(proxy.url);
      g.clock.set(new Date());
      gates.push(g);
    }

    // ── Fault phase ──
    let running = true;
    const started = Date.now();
    const passes = ['HM90001', 'HM90002', 'HM90003', 'HM90004', 'NOPE-1'];
    const workload = gates.map(async (g, gi) => {
      for (let i = 0; running; i++) {
        g.clock.advance(1_000 + ((i * 7919 + gi) % 5_000));
        await check(g, passes[(i + gi) % passes.length]!, i % 2 ? 'out' : 'in');
        await sleep(40 + ((i * 31) % 40));
      }
    });
    let added = 0;
    const committee = (async () => {
      for (let i = 0; running; i++) {
        await sleep(250);
        const r =
          i % 3 === 0
            ? await api.admin('PUT', `${c.base}/roster`, {
                mode: 'merge',
                rows: [{ building: '8', unit: '1', room: String(100 + added), name: `新住户${added}`, phone: '', idNumber: '', residency: 'renter', passNumber: `NEW${added}`, status: 'black' }],
              })
            : i % 3 === 1 && added > 0
              ? await api.admin('POST', `${c.base}/passes/NEW${added - 1}/revoke`, { reason: 'test' })
              : await api.admin('PUT', `${c.base}/roster`, {
                  mode: 'merge',
                  rows: [{ ...SMALL_ROSTER[0]!, status: ['black', 'yellow', 'green', 'purple'][i % 4]! }],
                });
        if (i % 3 === 0 && r.status === 200) added += 1;
      }
    })().catch(() => undefined); // the hub may be down at that moment; the next round tries again
    gates.forEach((g) => g.sync.start());

    let restarts = 0;
    let midPush = 0;
    while (proxy.totalFaults() < TARGET_FAULTS || restarts < RESTARTS) {
      if (Date.now() - started > FAULT_PHASE_CAP_MS) break;
      const due = restarts < RESTARTS && proxy.totalFaults() >= ((restarts + 1) * TARGET_FAULTS) / (RESTARTS + 1);
      if (due) {
        const inflight = await Promise.race([proxy.nextInflight('/v1/events').then(() => true), sleep(5_000).then(() => false)]);
        await hub.kill(); // SIGKILL: an open push transaction dies with the process
        if (inflight) midPush += 1;
        await sleep(200);
        await hub.start();
        restarts += 1;
      }
      await sleep(100);
    }
    running = false;
    await Promise.all(workload);
    await committee;
    await Promise.all(gates.map((g) => g.sync.stop()));
    const faults = proxy.totalFaults();
    const detail = FAULT_KINDS.map((k) => `${k} ${proxy.counts[k]}`).join(', ');
    const faultPhaseS = ((Date.now() - started) / 1000).toFixed(1);

    // ── Convergence: faults off, sync until each gate has nothing to send and the hub's cursor ──
    proxy.rate = 0;
    for (const g of gates) {
      for (let round = 0; round < 30; round++) {
        const s = await g.sync.syncOnce();
        if (s.lastError === null && s.backlog === 0 && s.rosterCursor === s.hubRosterCursor) break;
      }
    }
    // One more round each, so every gate also pulls the presence the others pushed after it converged.
    for (const g of gates) await g.sync.syncOnce();
    const entries = gates.reduce((n, g) => n + (g.db.prepare('SELECT count(*) AS n FROM entry_log').get() as { n: number }).n, 0);
    console.log(
      `faults: ${faults} injected (${detail}); hub restarts ${restarts} (${midPush} with a push in flight), ` +
        `requests refused while down ${proxy.counts.refused_hub_down}; ${proxy.counts.requests} requests, ${entries} events from ` +
        `${gates.length} gates, fault phase ${faultPhaseS} s, seed ${SEED}`,
    );
    expect(faults).toBeGreaterThanOrEqual(TARGET_FAULTS);
    expect(restarts).toBe(RESTARTS);

    const hubGates = (await api.admin('GET', `/v1/admin/gates?compound=${c.compound}`)).json.gates as AdminGate[];
    for (const g of gates) {
      const s = g.sync.status();
      expect(s, g.gateId).toMatchObject({ backlog: 0, quarantined: 0, lastError: null });
      const local = (g.db.prepare('SELECT id FROM entry_log ORDER BY seq').all() as Array<{ id: string }>).map((r) => r.id);
      const csv = await api.call('GET', `/v1/admin/export/entries.csv?compound=${c.compound}&gate=${g.gateId}`, { token: ADMIN });
      const atHub = csv.text.split('\r\n').filter(Boolean).slice(1).map((l) => l.split(',')[0]!.replace(/"/g, ''));
      expect(atHub.length, g.gateId).toBe(local.length); // exactly once: no loss, no duplicate
      expect(new Set(atHub), g.gateId).toEqual(new Set(local));
      const hg = hubGates.find((x) => x.gateId === g.gateId)!;
      expect(hg.hubMaxSeq, g.gateId).toBe(local.length);
      expect(s.rosterCursor, g.gateId).toBe(hg.hubRosterCursor);
      expect(s.revocationCursor, g.gateId).toBe(hg.hubRevocationCursor);
      // Same people, same colours, same passes (and the same withdrawn ones) as the hub.
      const hubResidents = (await api.admin('GET', `${c.base}/residents?limit=1000`)).json.residents as Array<{
        id: string;
        status: string;
        passes: Array<{ number: string; status: string }>;
      }>;
      const hubView = hubResidents.map((r) => `${r.id}:${r.status}:${r.passes.map((p) => `${p.number}/${p.status}`).join('|')}`).sort();
      const gateView = (
        g.db
          .prepare(
            `SELECT r.id, r.status_code AS status, coalesce(group_concat(p.number || '/' || p.status, '|'), '') AS passes
               FROM resident r LEFT JOIN (SELECT * FROM pass ORDER BY number) p ON p.resident_id = r.id GROUP BY r.id`,
          )
          .all() as Array<{ id: string; status: string; passes: string }>
      )
        .map((r) => `${r.id}:${r.status}:${r.passes}`)
        .sort();
      expect(gateView, g.gateId).toEqual(hubView);
      // Presence: every other gate's latest passage the hub knows is what this gate holds.
      const token = (g.db.prepare('SELECT token FROM sync_state').get() as { token: string }).token;
      const presence = (await api.call('GET', '/v1/presence?limit=5000', { token })).json as PresenceResponse;
      const held = new Map((g.db.prepare('SELECT resident_id, event_id FROM sync_presence').all() as Array<{ resident_id: string; event_id: string }>).map((r) => [r.resident_id, r.event_id]));
      expect(presence.hasMore).toBe(false);
      for (const item of presence.items) expect(held.get(item.residentId), `${g.gateId} ${item.residentId}`).toBe(item.eventId);
    }
  }, 240_000);
});
