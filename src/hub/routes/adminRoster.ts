/**
 * The committee's roster work: upload (same row shape as the gate's import), colour changes for a
 * household or a person, withdrawing a pass, and choosing or defining the colour scheme. Each change
 * reaches the gates through the change feed on their next pull.
 */
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { z } from 'zod';
import {
  ExportQuery,
  RevokePass,
  RosterUpsert,
  StatusChange,
  StatusSchemeUpdate,
  Uuid,
} from '../../shared/sync';
import { parseOr400 } from '../errors';
import { exportEntriesCsv } from '../store/export';
import { listResidents, setStatusScheme } from '../store/lookup';
import { upsertRoster } from '../store/roster';
import { revokePass, setHouseholdStatus, setResidentStatus } from '../store/rosterEdits';
import { CompoundParams } from './admin';
import type { HubContext } from './context';

const BASE = '/v1/admin/committees/:committeeId/compounds/:compoundId';
const ROSTER_BODY_LIMIT = 64 * 1024 * 1024;
const ResidentQuery = z
  .object({
    building: z.string().max(64).optional(),
    room: z.string().max(64).optional(),
    name: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export function adminRosterRoutes(app: FastifyInstance, ctx: HubContext): void {
  const { db, auth } = ctx;

  app.put(`${BASE}/roster`, { bodyLimit: ROSTER_BODY_LIMIT }, async (req) => {
    auth.admin(req);
    const { committeeId: c, compoundId: p } = parseOr400(CompoundParams, req.params, 'path');
    const body = parseOr400(RosterUpsert, req.body, 'roster');
    return upsertRoster(db, c, p, body.rows, body.mode, ctx.now());
  });

  app.get(`${BASE}/residents`, async (req) => {
    auth.admin(req);
    const { committeeId: c, compoundId: p } = parseOr400(CompoundParams, req.params, 'path');
    const q = parseOr400(ResidentQuery, req.query, 'query');
    return { residents: await listResidents(db, c, p, q, q.limit) };
  });

  app.patch(`${BASE}/households/:id`, async (req) => {
    auth.admin(req);
    const { id, ...rest } = req.params as Record<string, string>;
    const { committeeId: c, compoundId: p } = parseOr400(CompoundParams, rest, 'path');
    const householdId = parseOr400(Uuid, id, 'path');
    const body = parseOr400(StatusChange, req.body);
    await setHouseholdStatus(db, c, p, householdId, body.status);
    return { ok: true };
  });

  app.patch(`${BASE}/residents/:id`, async (req) => {
    auth.admin(req);
    const { id, ...rest } = req.params as Record<string, string>;
    const { committeeId: c, compoundId: p } = parseOr400(CompoundParams, rest, 'path');
    const residentId = parseOr400(Uuid, id, 'path');
    const body = parseOr400(StatusChange, req.body);
    await setResidentStatus(db, c, p, residentId, body.status);
    return { ok: true };
  });

  app.post(`${BASE}/passes/:number/revoke`, async (req) => {
    auth.admin(req);
    const { number, ...rest } = req.params as Record<string, string>;
    const { committeeId: c, compoundId: p } = parseOr400(CompoundParams, rest, 'path');
    const passNumber = parseOr400(z.string().min(1).max(64), number, 'path');
    const body = parseOr400(RevokePass, req.body ?? {});
    return revokePass(db, c, p, passNumber, body.reason, ctx.now());
  });

  app.put(`${BASE}/status-scheme`, async (req) => {
    auth.admin(req);
    const { committeeId: c, compoundId: p } = parseOr400(CompoundParams, req.params, 'path');
    const body = parseOr400(StatusSchemeUpdate, req.body);
    await setStatusScheme(db, c, p, body.scheme, body.statuses);
    return { ok: true };
  });

  app.get('/v1/admin/export/entries.csv', async (req, reply) => {
    auth.admin(req);
    const f = parseOr400(ExportQuery, req.query, 'query');
    const chunks = exportEntriesCsv(db, f);
    // Pull the first chunk before answering, so a bad filter is a 400 and not a broken download.
    const first = await chunks.next();
    async function* all(): AsyncGenerator<string> {
      if (!first.done) yield first.value;
      yield* chunks;
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="entries.csv"')
      .send(Readable.from(all()));
  });
}
