/**
 * A small HTTP-aware TCP proxy between the gates and the hub that injects faults per request:
 * resets before forwarding, black holes, delays, duplicated requests, responses cut part-way and
 * responses dropped after the hub has committed. Each client connection carries one request (the
 * proxy forces `Connection: close`), so a fault hits exactly one request.
 */
import net from 'node:net';

export const FAULT_KINDS = ['reset', 'blackhole', 'delay', 'duplicate', 'cut_response', 'drop_response'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultProxy = {
  url: string;
  counts: Record<FaultKind | 'refused_hub_down' | 'requests', number>;
  /** Probability that a request gets a fault; 0 turns the proxy into a plain relay. */
  rate: number;
  totalFaults(): number;
  /** Resolves when a request whose path starts with `prefix` has been sent to the hub and not yet answered. */
  nextInflight(prefix: string): Promise<void>;
  close(): Promise<void>;
};

/** mulberry32: a seeded PRNG so a failing run can be replayed with the same FAULT_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Black holes cost the client a full timeout, so they are a small share of the faults.
const WEIGHTS: Record<FaultKind, number> = { reset: 20, blackhole: 4, delay: 20, duplicate: 20, cut_response: 18, drop_response: 18 };

export async function startFaultProxy(upstreamPort: number, opts: { rate: number; seed: number }): Promise<FaultProxy> {
  const random = prng(opts.seed);
  const counts = { requests: 0, refused_hub_down: 0, ...Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) } as FaultProxy['counts'];
  const sockets = new Set<net.Socket>();
  let waiters: Array<{ prefix: string; resolve: () => void }> = [];
  const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);

  const pick = (): FaultKind | null => {
    if (random() >= proxy.rate) return null;
    let r = random() * total;
    for (const k of FAULT_KINDS) {
      r -= WEIGHTS[k];
      if (r < 0) return k;
    }
    return 'delay';
  };

  /** Sends the request to the hub; resolves with the whole response (or null if the hub is down or drops it). */
  const forward = (request: Buffer, path: string, onData?: (chunk: Buffer) => void): Promise<Buffer | null> =>
    new Promise((resolve) => {
      const up = net.connect(upstreamPort, '127.0.0.1');
      sockets.add(up);
      const chunks: Buffer[] = [];
      up.on('connect', () => {
        up.write(request);
        const ready = waiters.filter((w) => path.startsWith(w.prefix));
        waiters = waiters.filter((w) => !path.startsWith(w.prefix));
        ready.forEach((w) => w.resolve());
      });
      up.on('data', (c: Buffer) => {
        chunks.push(c);
        onData?.(c);
      });
      up.on('end', () => resolve(Buffer.concat(chunks)));
      up.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ECONNREFUSED') counts.refused_hub_down += 1;
        resolve(null);
      });
      up.on('close', () => {
        sockets.delete(up);
        resolve(chunks.length ? Buffer.concat(chunks) : null);
      });
    });

  const handle = async (client: net.Socket, request: Buffer, path: string): Promise<void> => {
    counts.requests += 1;
    const fault = pick();
    if (fault) counts[fault] += 1;
    if (fault === 'reset') return void client.destroy();
    if (fault === 'blackhole') return; // the client's timeout ends it
    if (fault === 'delay') await new Promise((r) => setTimeout(r, 20 + random() * 130));
    if (fault === 'duplicate') void forward(request, path); // the hub sees it twice, at the same moment
    if (fault === 'cut_response' || fault === 'drop_response') {
      const res = await forward(request, path);
      if (res && fault === 'cut_response' && res.length > 1) client.write(res.subarray(0, 1 + Math.floor(random() * (res.length - 1))));
      return void client.destroy();
    }
    const res = await forward(request, path, (chunk) => client.write(chunk));
    if (res === null) client.destroy();
    else client.end();
  };

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let buf = Buffer.alloc(0);
    let done = false;
    client.on('data', (chunk: Buffer) => {
      if (done) return;
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + length) return;
      done = true;
      const lines = head.split('\r\n').filter((l) => !/^connection:/i.test(l));
      const path = lines[0]?.split(' ')[1] ?? '';
      const request = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\nconnection: close\r\n\r\n`, 'latin1'), buf.subarray(end + 4, end + 4 + length)]);
      void handle(client, request, path);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${port}`,
    counts,
    rate: opts.rate,
    totalFaults: () => FAULT_KINDS.reduce((n, k) => n + counts[k], 0),
    nextInflight: (prefix) => new Promise((resolve) => waiters.push({ prefix, resolve })),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
