/**
 * The headless host's server: the built renderer over HTTP and the gate contract over a WebSocket,
 * on loopback only. A browser page from any other origin is refused at the upgrade, so a web page
 * the kiosk browser happens to open cannot drive the gate.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { WsRequest, type WsServerFrame } from '../../shared/contract';
import type { Dispatch } from './dispatch';
import type { GateEvents } from '../core/events';
import { HEARTBEAT_FRAME } from '../runtime/kioskBrowser';

/** Large enough for a roster spreadsheet in base64, small enough to refuse a memory attack. */
export const MAX_FRAME_BYTES = 32 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.json': 'application/json',
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "media-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export type HostServer = { url: string; port: number; server: Server; close(): Promise<void> };

export async function startHostServer(opts: {
  dispatch: Dispatch;
  events: GateEvents;
  rendererDir: string;
  port: number;
  log?: (msg: string) => void;
  /** The kiosk page's heartbeat frame (runtime/kioskBrowser.ts), answered with nothing. */
  onHeartbeat?: () => void;
}): Promise<HostServer> {
  const log = opts.log ?? (() => {});
  const server = createServer((req, res) => serveStatic(opts.rendererDir, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req, socket, head) => {
    const origin = req.headers.origin;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/ws' || (origin !== undefined && !isLocalOrigin(origin, req.headers.host))) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data, isBinary) => {
      // Decoded once: a roster frame can be 32 MiB, and the heartbeat check must not copy it again.
      const text = isBinary ? null : data.toString();
      if (opts.onHeartbeat && text === HEARTBEAT_FRAME) return opts.onHeartbeat();
      void handleFrame(ws, text, opts.dispatch);
    });
    ws.on('error', (err) => log(`websocket error: ${err.message}`));
  });

  const unsubscribe = opts.events.subscribe((event, payload) => {
    const frame = JSON.stringify({ kind: 'event', event, payload } satisfies WsServerFrame);
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    server,
    async close() {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Browsers keep HTTP connections alive; without this a shutdown waits for them to time out.
      server.closeAllConnections();
      await closed;
    },
  };
}

async function handleFrame(ws: WebSocket, text: string | null, dispatch: Dispatch): Promise<void> {
  const send = (frame: WsServerFrame): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  let json: unknown;
  try {
    if (text === null) throw new Error('binary frames are not accepted');
    json = JSON.parse(text);
  } catch (err) {
    send({ kind: 'error', error: { code: 'invalid_input', message: `unreadable frame: ${(err as Error).message}` } });
    return;
  }
  const req = WsRequest.safeParse(json);
  if (!req.success) {
    send({ kind: 'error', error: { code: 'invalid_input', message: 'a frame must be {id, method, input}' } });
    return;
  }
  const result = await dispatch(req.data.method, req.data.input);
  send({ kind: 'result', id: req.data.id, result });
}

function isLocalOrigin(origin: string, host: string | undefined): boolean {
  try {
    const o = new URL(origin);
    return (o.hostname === '127.0.0.1' || o.hostname === 'localhost') && (host === undefined || o.host === host || o.port === host.split(':')[1]);
  } catch {
    return false;
  }
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const rel = normalize(pathname === '/' ? '/index.html' : pathname);
  let file = join(root, rel);
  if (!file.startsWith(root + sep) && file !== root) {
    res.writeHead(403).end();
    return;
  }
  // Unknown paths get the app, so a reload on any screen still works.
  if (!existsSync(file) || !statSync(file).isFile()) file = join(root, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('renderer not built: run `npm run build`');
    return;
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': extname(file) === '.html' ? 'no-store' : 'public, max-age=3600',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
