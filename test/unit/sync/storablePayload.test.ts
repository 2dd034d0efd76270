import { describe, expect, it } from 'vitest';
import { findUnstorableText } from '../../../src/hub/errors';
import { HubClient, storablePayload } from '../../../src/main/sync/hubClient';
import type { PushRequest } from '../../../src/shared/sync';

describe('pushed payloads are storable by the hub', () => {
  it('U+0000 and lone surrogates (high or low) become U+FFFD in every string and key; pairs and the rest stay', () => {
    const payload = { note: 'a\u0000b', hi: 'x\ud800', lo: '\udc00y', pair: '😀', list: ['\u0000', 1, null, true, { deep: '\ud800\ud800' }], ['k\u0000']: 'v' };
    const out = storablePayload(payload);
    expect(out).toEqual({ note: 'a\ufffdb', hi: 'x\ufffd', lo: '\ufffdy', pair: '😀', list: ['\ufffd', 1, null, true, { deep: '\ufffd\ufffd' }], ['k\ufffd']: 'v' });
    expect(findUnstorableText(payload)).not.toBeNull();
    expect(findUnstorableText(out)).toBeNull();
    expect(payload.note).toBe('a\u0000b'); // the caller's copy (the gate's record) is left alone
  });

  it('HubClient.push sends the storable copy: the hub’s own check finds nothing in the body on the wire', async () => {
    let sent = '';
    const client = new HubClient({
      baseUrl: 'http://hub.invalid',
      token: 't',
      fetch: async (_url, init) => {
        sent = String(init.body);
        return new Response(JSON.stringify({ accepted: 1, duplicates: 0, highestSeq: 1, receivedAt: '2020-02-10T08:00:02.000Z' }), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    const event = { id: '0190a0a0-0000-7000-8000-000000000001', gateId: 'gate-a', seq: 1, occurredAt: '2020-02-10T08:00:00.000Z', kind: 'visitor', payload: { nameMasked: '张*\ud800', note: '\u0000' } };
    await client.push({ sentAt: '2020-02-10T08:00:01.000Z', events: [event] } as unknown as PushRequest);
    const body = JSON.parse(sent) as { events: Array<{ payload: Record<string, string> }> };
    expect(findUnstorableText(body)).toBeNull();
    expect(body.events[0]!.payload).toEqual({ nameMasked: '张*\ufffd', note: '\ufffd' });
    expect(event.payload.note).toBe('\u0000');
  });
});
