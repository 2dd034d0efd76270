/**
 * The routes a gate calls. Every one but /v1/enrol needs the gate's bearer token, and the token
 * alone decides which committee, compound and gate the request is about.
 */
import type { FastifyInstance } from 'fastify';
import {
  ChangesQuery,
  EnrolRequest,
  GateStatusReport,
  MAX_PUSH_BATCH,
  PresenceQuery,
  PushRequest,
  type ChangesResponse,
  type EnrolResponse,
} from '../../shared/sync';
import { describeIssues, findUnstorableText, HubError, parseOr400, unstorableMessage } from '../errors';
import { redeemEnrolment } from '../store/admin';
import { presenceChanges, revocationChanges, rosterChanges } from '../store/changes';
import { pushEvents } from '../store/events';
import { recordGateStatus, touchGate } from '../store/gates';
import type { HubContext } from './context';

/** A full batch of the largest events fits; anything bigger is refused before it is parsed. */
const PUSH_BODY_LIMIT = 16 * 1024 * 1024;

export function gateRoutes(app: FastifyInstance, ctx: HubContext): void {
  const { db, auth } = ctx;

  app.post('/v1/enrol', async (req): Promise<EnrolResponse> => {
    const body = parseOr400(EnrolRequest, req.body);
    const now = ctx.now();
    const enrolled = await redeemEnrolment(db, body.code, now);
    ctx.log(`gate ${enrolled.committeeId}/${enrolled.compoundId}/${enrolled.gateId} enrolled`);
    return { ...enrolled, hubTime: now.toISOString() };
  });

  app.post('/v1/events', { bodyLimit: PUSH_BODY_LIMIT }, async (req) => {
    const gate = await auth.gate(req);
    const parsed = PushRequest.safeParse(req.body);
    if (!parsed.success) {
      // The index of the first bad event lets the gate set that one aside and resend the rest.
      const path = parsed.error.issues[0]?.path ?? [];
      const index = path[0] === 'events' && typeof path[1] === 'number' ? path[1] : undefined;
      const tooMany = Array.isArray((req.body as { events?: unknown } | null)?.events) && (req.body as { events: unknown[] }).events.length > MAX_PUSH_BATCH;
      if (tooMany) throw new HubError(413, 'too_large', `at most ${MAX_PUSH_BATCH} events per push`);
      throw new HubError(400, index === undefined ? 'invalid_batch' : 'invalid_event', describeIssues(parsed.error), index);
    }
    const unstorable = findUnstorableText(parsed.data);
    if (unstorable) {
      const index = unstorable[0] === 'events' && typeof unstorable[1] === 'number' ? unstorable[1] : undefined;
      throw new HubError(400, index === undefined ? 'invalid_batch' : 'invalid_event', unstorableMessage(unstorable), index);
    }
    const { passages, auditMismatches, ...ack } = await pushEvents(db, gate, parsed.data, ctx.now());
    if (auditMismatches > 0) {
      ctx.log(`gate ${gate.committeeId}/${gate.compoundId}/${gate.gateId}: ${auditMismatches} audit chain head(s) differ from the stored ones (flagged)`);
    }
    if (passages > 0) ctx.post.kick();
    return ack;
  });

  app.get('/v1/changes', async (req, reply) => {
    const gate = await auth.gate(req);
    const query = parseOr400(ChangesQuery, req.query, 'query');
    const now = ctx.now();
    await touchGate(db, gate, now);
    // Revocations are read first: if both are read at once, a pass withdrawn now is never missed.
    const revocations = await revocationChanges(db, gate.committeeId, gate.compoundId, query.revocations, query.limit);
    const roster = await rosterChanges(db, gate.committeeId, gate.compoundId, query.cursor, query.limit);
    // The roster page is already JSON (built by the database); it is spliced in, not re-serialised.
    const head: Omit<ChangesResponse, 'roster'> & { roster: Omit<ChangesResponse['roster'], 'changes'> } = {
      serverTime: now.toISOString(),
      revocations: { cursor: revocations.cursor, hasMore: revocations.hasMore, items: revocations.items },
      roster: { cursor: roster.cursor, hasMore: roster.hasMore },
    };
    const text = JSON.stringify(head);
    return reply.type('application/json; charset=utf-8').send(`${text.slice(0, -2)},"changes":${roster.json}}}`);
  });

  app.get('/v1/presence', async (req) => {
    const gate = await auth.gate(req);
    const query = parseOr400(PresenceQuery, req.query, 'query');
    await touchGate(db, gate, ctx.now());
    await ctx.post.drain(); // answer with every passage committed so far, not only those processed
    return presenceChanges(db, gate, query.since, query.limit);
  });

  app.post('/v1/gates/me/status', async (req) => {
    const gate = await auth.gate(req);
    const report = parseOr400(GateStatusReport, req.body, 'status');
    return recordGateStatus(db, gate, report, ctx.now());
  });
}
