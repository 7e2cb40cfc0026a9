// The backend process in the desktop app: Electron's utilityProcess running process/child.ts (bundled as
// out/main/backend-process.js), behind the same BackendChild interface as the Node fork the tests use.
import { utilityProcess } from 'electron';
import type { BackendChild } from '../backend/process/connection.ts';
import type { FromBackend } from '../backend/process/protocol.ts';

export function utilityBackend(entry: string): BackendChild {
  const p = utilityProcess.fork(entry, [], { serviceName: 'CastMatch backend', stdio: 'inherit' });
  let alive = true;
  p.on('exit', () => {
    alive = false;
  });
  return {
    get pid() {
      return p.pid;
    },
    // A process that has just died takes no messages; the connection answers what was in flight.
    send: (m) => {
      if (alive) p.postMessage(m);
    },
    onMessage: (l) => p.on('message', (m: unknown) => l(m as FromBackend)),
    onExit: (l) => p.on('exit', (code) => l(code)),
    kill: () => {
      p.kill();
    },
  };
}
