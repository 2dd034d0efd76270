/**
 * Committee set-up and oversight, all behind the hub's admin token: committees, compounds, gates and
 * their enrolment codes, token revocation, the gate list, the review queue and flagged audit chain heads.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CreateCommittee, CreateCompound, CreateGate, Id, IssueEnrolment } from '../../shared/sync';
import { parseOr400 } from '../errors';
import { createCommittee, createCompound, createGate, issueEnrolment, revokeGateTokens } from '../store/admin';
import { listAuditMismatches } from '../store/auditHeads';
import { listGates, listReviews } from '../store/gates';
import type { HubContext } from './context';

export const CommitteeParams = z.object({ committeeId: Id }).strict();
export const CompoundParams = z.object({ committeeId: Id, compoundId: Id }).strict();
const GateParams = z.object({ committeeId: Id, compoundId: Id, gateId: Id }).strict();
const Filter = z.object({ committee: Id.optional(), compound: Id.optional() }).strict();
const ReviewFilter = Filter.extend({ limit: z.coerce.number().int().min(1).max(1000).default(200) }).strict();

const BASE = '/v1/admin/committees/:committeeId/compounds/:compoundId';

export function hubUrlOf(ctx: HubContext, req: FastifyRequest): string {
  return ctx.publicUrl ?? `${req.protocol}://${req.host}`;
}

export function adminRoutes(app: FastifyInstance, ctx: HubContext): void {
  const { db, auth } = ctx;

  app.post('/v1/admin/committees', async (req, reply) => {
    auth.admin(req);
    const body = parseOr400(CreateCommittee, req.body);
    await createCommittee(db, body.id, body.name, ctx.now());
    return reply.status(201).send({ id: body.id });
  });

  app.post('/v1/admin/committees/:committeeId/compounds', async (req, reply) => {
    auth.admin(req);
    const { committeeId } = parseOr400(CommitteeParams, req.params, 'path');
    const body = parseOr400(CreateCompound, req.body);
    await createCompound(db, committeeId, body.id, body.name, body.scheme, ctx.now());
    return reply.status(201).send({ id: body.id });
  });

  app.post(`${BASE}/gates`, async (req, reply) => {
    auth.admin(req);
    const { committeeId: c, compoundId: p } = parseOr400(CompoundParams, req.params, 'path');
    const body = parseOr400(CreateGate, req.body);
    const now = ctx.now();
    await createGate(db, c, p, body.id, body.name, now);
    const enrolment = await issueEnrolment(db, { c, p, g: body.id }, body.enrolmentTtlHours, now, hubUrlOf(ctx, req));
    return reply.status(201).send({ id: body.id, enrolment });
  });

  app.post(`${BASE}/gates/:gateId/enrolment`, async (req, reply) => {
    auth.admin(req);
    const { committeeId: c, compoundId: p, gateId: g } = parseOr400(GateParams, req.params, 'path');
    const body = parseOr400(IssueEnrolment, req.body ?? {});
    return reply.status(201).send(await issueEnrolment(db, { c, p, g }, body.enrolmentTtlHours, ctx.now(), hubUrlOf(ctx, req)));
  });

  app.post(`${BASE}/gates/:gateId/revoke`, async (req) => {
    auth.admin(req);
    const { committeeId: c, compoundId: p, gateId: g } = parseOr400(GateParams, req.params, 'path');
    return { revokedTokens: await revokeGateTokens(db, { c, p, g }, ctx.now()) };
  });

  app.get('/v1/admin/gates', async (req) => {
    auth.admin(req);
    const f = parseOr400(Filter, req.query, 'query');
    return { gates: await listGates(db, f, ctx.now()) };
  });

  app.get('/v1/admin/reviews', async (req) => {
    auth.admin(req);
    const f = parseOr400(ReviewFilter, req.query, 'query');
    await ctx.post.drain();
    return { reviews: await listReviews(db, f, f.limit) };
  });

  /** Audit chain heads that differed from the stored head for their day: rewritten trails at gates. */
  app.get('/v1/admin/audit-mismatches', async (req) => {
    auth.admin(req);
    const f = parseOr400(ReviewFilter, req.query, 'query');
    return { mismatches: await listAuditMismatches(db, f, f.limit) };
  });
}
