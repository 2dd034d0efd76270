/**
 * The gate's HTTP client for the committee hub: fetch-based (injectable for tests), a timeout on
 * every request including reading the body, and every failure sorted into what the caller must do:
 *
 * - retryable: network, timeout, 5xx, 408/429, a cut or unreadable response, an unexpected answer
 *   (a proxy's HTML page, say) → back off and try the same thing again;
 * - rejected: the hub refused the content for good (its own 400 error body, or any 413) → set the
 *   named event aside (index) or split the batch; only these may quarantine anything;
 * - unauthorized / forbidden: the token is revoked or the gate is misconfigured → stop and say so.
 */
import type { z } from 'zod';
import {
  ChangesResponse,
  EnrolResponse,
  ErrorBody,
  GateStatusResponse,
  PresenceResponse,
  PushResponse,
  type Cursor,
  type GateStatusReport,
  type PushRequest,
} from '../../shared/sync';

// eslint-disable-next-line no-control-regex
const UNSTORABLE_G = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The hub refuses text PostgreSQL cannot store — U+0000 and lone surrogates (src/hub/errors.ts) —
 * with `invalid_event`, and the outbox then quarantines that event; as the gate would send the same
 * text on every retry, the record would never reach the committee. A pasted name or a scanner's
 * stray byte can carry such characters, so every string (and key) of a pushed payload has them
 * replaced with U+FFFD (decision 0021). The rest of the text, and its length, stay as recorded.
 */
export function storablePayload<T>(value: T): T {
  if (typeof value === 'string') return value.replace(UNSTORABLE_G, '\ufffd') as T;
  if (Array.isArray(value)) return value.map((v: unknown) => storablePayload(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storablePayload(k), storablePayload(v)])) as T;
  }
  return value;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type HubErrorKind = 'retryable' | 'rejected' | 'unauthorized' | 'forbidden';

export class HubRequestError extends Error {
  constructor(
    readonly kind: HubErrorKind,
    readonly code: string,
    message: string,
    readonly status: number | null = null,
    readonly index?: number,
  ) {
    super(message);
    this.name = 'HubRequestError';
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }
}

/** Hub error codes that mean "this content will never be accepted", as opposed to "not now". */
const PERMANENT_CODES = new Set(['invalid_event', 'invalid_batch', 'too_large']);

export type HubClientOptions = { baseUrl: string; token?: string | null; fetch?: FetchLike; timeoutMs?: number };

export class HubClient {
  private readonly base: string;
  private readonly fetchFn: FetchLike;
  private readonly timeoutMs: number;

  constructor(private readonly opts: HubClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.fetchFn = opts.fetch ?? ((url, init) => fetch(url, init));
    this.timeoutMs = opts.timeoutMs ?? 20_000;
  }

  enrol(code: string, gateClock: string): Promise<EnrolResponse> {
    return this.request('POST', '/v1/enrol', EnrolResponse, { code, gateClock }, false);
  }

  /**
   * The one place events leave the gate: each payload goes out storable (storablePayload below).
   * Only the copy sent changes; the gate's own log keeps what it recorded.
   */
  push(body: PushRequest): Promise<PushResponse> {
    return this.request('POST', '/v1/events', PushResponse, { ...body, events: body.events.map((e) => ({ ...e, payload: storablePayload(e.payload) })) });
  }

  changes(q: { cursor: Cursor; revocations: Cursor; limit: number }): Promise<ChangesResponse> {
    const qs = new URLSearchParams({ cursor: q.cursor, revocations: q.revocations, limit: String(q.limit) });
    return this.request('GET', `/v1/changes?${qs.toString()}`, ChangesResponse);
  }

  presence(q: { since: Cursor; limit: number }): Promise<PresenceResponse> {
    const qs = new URLSearchParams({ since: q.since, limit: String(q.limit) });
    return this.request('GET', `/v1/presence?${qs.toString()}`, PresenceResponse);
  }

  status(report: GateStatusReport): Promise<GateStatusResponse> {
    return this.request('POST', '/v1/gates/me/status', GateStatusResponse, report);
  }

  private async request<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown, auth = true): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth) {
      if (!this.opts.token) throw new HubRequestError('unauthorized', 'not_enrolled', 'this gate is not enrolled with a hub');
      headers.authorization = `Bearer ${this.opts.token}`;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    let status: number;
    let text: string;
    try {
      const res = await this.fetchFn(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: abort.signal,
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      const timedOut = abort.signal.aborted;
      throw new HubRequestError('retryable', timedOut ? 'timeout' : 'network', timedOut ? `no answer within ${this.timeoutMs} ms` : describe(err));
    } finally {
      clearTimeout(timer);
    }
    if (status >= 200 && status < 300) return this.parseOk(schema, text, status);
    throw this.toError(status, text);
  }

  private parseOk<T>(schema: z.ZodType<T>, text: string, status: number): T {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new HubRequestError('retryable', 'bad_response', 'the hub answer was not complete JSON', status);
    }
    const r = schema.safeParse(json);
    if (!r.success) throw new HubRequestError('retryable', 'bad_response', `unexpected hub answer: ${r.error.issues[0]?.message ?? ''}`, status);
    return r.data;
  }

  private toError(status: number, text: string): HubRequestError {
    let body: ErrorBody | null = null;
    try {
      const r = ErrorBody.safeParse(JSON.parse(text));
      body = r.success ? r.data : null;
    } catch {
      body = null;
    }
    const code = body?.error.code ?? `http_${status}`;
    const message = body?.error.message ?? `hub answered HTTP ${status}`;
    if (status === 401) return new HubRequestError('unauthorized', code, message, status);
    if (status === 403) return new HubRequestError('forbidden', code, message, status);
    // Any 413 is final for that body size, even from a proxy: the caller splits the batch.
    if (status === 413) return new HubRequestError('rejected', 'too_large', message, status);
    if (status >= 400 && status < 500 && body && PERMANENT_CODES.has(body.error.code)) {
      return new HubRequestError('rejected', code, message, status, body.error.index);
    }
    // 5xx, 408, 429, a proxy's error page, or a 4xx the hub does not use for content: not the
    // events' fault, so nothing is quarantined; the caller backs off and tries again.
    return new HubRequestError('retryable', code, message, status);
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
