// A TCP proxy in front of a server that a test can cut (a dropped network: every open connection is destroyed)
// and restore on the same port: the sync service and E2E tests use it to take a desktop offline and back.
//
// Cut, it keeps listening and resets every new connection at once (the client sees the network fail, as with a
// refused one). Closing the port instead would free it for the cut's duration: on a busy machine another
// process's listen(0) or outgoing connection could take it, and up() could then not have it back.
import { connect, createServer as createTcpServer, type Server, type Socket } from 'node:net';

export class Cable {
  private server: Server | null = null;
  private connected = false;
  private readonly sockets = new Set<Socket>();
  port = 0;
  private readonly target: number;
  constructor(target: number) {
    this.target = target;
  }
  async up(): Promise<void> {
    this.connected = true;
    if (this.server) return;
    const server = createTcpServer((c) => {
      if (!this.connected) {
        c.on('error', () => {});
        c.resetAndDestroy();
        return;
      }
      const u = connect(this.target, '127.0.0.1');
      for (const s of [c, u]) {
        this.sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => this.sockets.delete(s));
      }
      c.pipe(u).pipe(c);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    // Held while cut, but not what keeps a test process alive at its end.
    server.unref();
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }
  async down(): Promise<void> {
    this.connected = false;
    for (const c of this.sockets) c.destroy();
  }
}
