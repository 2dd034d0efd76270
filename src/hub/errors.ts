/**
 * Every error leaves the hub as `{error: {code, message}}` with a 4xx status, or a bare 500 with no
 * detail: stack traces and SQL never reach a client. A push refused because of one event also
 * carries that event's index, so the gate can quarantine it and send the rest.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
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
  const at = findUnstorableText(r.data);
  if (at) throw new HubError(400, `invalid_${what}`, unstorableMessage(at));
  return r.data;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000 (the insert fails: a 500, and a gate that retries
 * a 500 forever would block its queue on that event), and a lone surrogate is not Unicode (the
 * driver would store U+FFFD instead, or jsonb refuses its escape). Such text is refused as input.
 */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Path to the first string or key that cannot be stored, or null. Iterative: input may nest deep. */
export function findUnstorableText(value: unknown): Array<string | number> | null {
  type Node = { v: unknown; key: string | number | null; parent: Node | null };
  const pathOf = (n: Node): Array<string | number> => {
    const path: Array<string | number> = [];
    for (let at: Node | null = n; at && at.key !== null; at = at.parent) path.unshift(at.key);
    return path;
  };
  const stack: Node[] = [{ v: value, key: null, parent: null }];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (typeof n.v === 'string') {
      if (UNSTORABLE.test(n.v)) return pathOf(n);
    } else if (Array.isArray(n.v)) {
      for (let i = n.v.length - 1; i >= 0; i--) stack.push({ v: n.v[i], key: i, parent: n });
    } else if (typeof n.v === 'object' && n.v !== null) {
      for (const [k, v] of Object.entries(n.v).reverse()) {
        if (UNSTORABLE.test(k)) return [...pathOf(n), k];
        stack.push({ v, key: k, parent: n });
      }
    }
  }
  return null;
}

export function unstorableMessage(path: Array<string | number>): string {
  const where = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
  return `${where || '(body)'}: text with a NUL character or a lone surrogate cannot be stored`;
}

const FASTIFY_CODES: Record<string, { status: HubError['status']; code: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'bad_json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'bad_json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 400, code: 'bad_content_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request' },
};

/**
 * Refusals made before a route runs, in the same `{error:{code,message}}` shape as the rest. The
 * router's (a malformed or over-long path parameter) go through Fastify's `frameworkErrors`; Node's
 * HTTP parser's (a header too large, bytes that are not HTTP) through `clientErrorHandler`, on the
 * raw socket; and an `Expect` header other than 100-continue, which Node answers itself with an
 * empty 417 unless told otherwise.
 */
export function frameworkError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void reply.status(tooLong ? 414 : 400).send({ error: { code: tooLong ? 'too_long' : 'bad_request', message: tooLong ? 'a path parameter is too long' : 'malformed URL' } });
}

export function clientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'too_large', 'request headers too large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'timeout', 'request not received in time']
        : [400, 'bad_request', 'malformed HTTP request'];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}

export function refuseExpectation(_req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify({ error: { code: 'bad_request', message: 'unsupported Expect header' } });
  res.writeHead(417, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' }).end(body);
}

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
