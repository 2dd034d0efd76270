/**
 * A real NOTIFY_SOCKET for the systemd watchdog tests: a unix datagram socket (Python, since Node has
 * no AF_UNIX datagrams) standing in for systemd. It closes the barrier descriptor systemd-notify
 * sends after each message, as systemd does, so each ping completes as it would under systemd.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const LISTENER = `
import array, socket, sys, os
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("LISTENING", flush=True)
while True:
    msg, anc, flags, addr = s.recvmsg(4096, socket.CMSG_SPACE(16 * 4))
    for level, kind, data in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds = array.array("i"); fds.frombytes(data[: len(data) - (len(data) % fds.itemsize)])
            for fd in fds: os.close(fd)
    text = msg.decode().replace("\\n", " ").strip()
    if text: print(text, flush=True)
`;

/** Listens on `socketPath`; every message (barriers left out) goes to `received` and `onMessage`. */
export async function listenNotify(socketPath: string, onMessage: (msg: string) => void = () => {}): Promise<{ listener: ChildProcess; received: string[] }> {
  const listener = spawn('python3', ['-c', LISTENER, socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const received: string[] = [];
  await new Promise<void>((resolve) => {
    createInterface({ input: listener.stdout! }).on('line', (line) => {
      if (line === 'LISTENING') return resolve();
      received.push(line);
      onMessage(line);
    });
  });
  return { listener, received };
}
