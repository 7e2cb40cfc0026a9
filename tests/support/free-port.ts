import { createServer } from 'node:net';

/** A loopback port that was free a moment ago (listen on 0, read the port, close): for a server started next. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise((ok) => s.close(ok));
  return port;
}
