/**
 * Every error leaves the hub as `{error: {code, message}}` with a 4xx status, or a bare 500 with no
 * detail: stack traces and SQL never reach a client. A push refused because of one event also
 * carries that event's index, so the gate can quarantine it and send the rest.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';

export class HubError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413,
    readonly code: string,
    message: string,
    readonly index?: number,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export const notFound = (what: string): HubError => new HubError(404, 'not_found', `${what} not found`);

/** First zod issue as "path: message", enough for a committee clerk or a gate log to act on. */
export function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid input';
  const path = first.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return `${path || '(body)'}: ${first.message}`;
}

export function parseOr400<T>(schema: z.ZodType<T>, data: unknown, what = 'input'): T {
  const r = schema.safeParse(data);
  if (!r.success) throw new HubError(400, `invalid_${what}`, describeIssues(r.error));
  return r.data;
}

const FASTIFY_CODES: Record<string, { status: HubError['status']; code: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'bad_json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'bad_json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 400, code: 'bad_content_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request' },
};

export function installErrorHandlers(app: FastifyInstance, log: (msg: string) => void): void {
  app.setErrorHandler((err: FastifyError | HubError | Error, _req, reply) => {
    if (err instanceof HubError) {
      const body = { error: { code: err.code, message: err.message, ...(err.index === undefined ? {} : { index: err.index }) } };
      return reply.status(err.status).send(body);
    }
    const known = 'code' in err && typeof err.code === 'string' ? FASTIFY_CODES[err.code] : undefined;
    if (known) return reply.status(known.status).send({ error: { code: known.code, message: err.message } });
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: 'bad_request', message: err.message } });
    }
    log(`internal error: ${err.stack ?? err.message}`);
    return reply.status(500).send({ error: { code: 'internal', message: 'internal error' } });
  });
  app.setNotFoundHandler((_req, reply) => reply.status(404).send({ error: { code: 'not_found', message: 'no such route' } }));
}
