// A TCP proxy in front of a server that a test can cut (a dropped network: every open connection is destroyed)
// and restore on the same port: the sync service and E2E tests use it to take a desktop offline and back.
import { connect, createServer as createTcpServer, type Server, type Socket } from 'node:net';

export class Cable {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  private readonly target: number;
  constructor(target: number) {
    this.target = target;
  }
  async up(): Promise<void> {
    const server = createTcpServer((c) => {
      const u = connect(this.target, '127.0.0.1');
      for (const s of [c, u]) {
        this.sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => this.sockets.delete(s));
      }
      c.pipe(u).pipe(c);
    });
    await new Promise<void>((ok) => server.listen(this.port, '127.0.0.1', ok));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }
  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    for (const c of this.sockets) c.destroy();
    if (s) await new Promise<void>((ok) => s.close(() => ok()));
  }
}
