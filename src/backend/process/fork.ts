// The backend process as a Node child (browser host, CLI, tests). Electron's main starts the same entry with
// utilityProcess instead (src/main), behind the same BackendChild interface.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BackendChild } from './connection.ts';
import type { FromBackend } from './protocol.ts';

export const childEntry = fileURLToPath(new URL('./child.ts', import.meta.url));

export function forkBackend(): BackendChild {
  // 'advanced' serialization: structured clone, so large results (a PDF as base64) are not re-encoded as JSON.
  const cp = fork(childEntry, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    pid: cp.pid,
    send(m) {
      // A process that has just died cannot take messages; its exit handler answers what is in flight.
      if (cp.connected) cp.send(m, (e) => e && undefined);
    },
    onMessage: (l) => cp.on('message', (m) => l(m as FromBackend)),
    onExit: (l) => cp.on('exit', (code) => l(code)),
    kill: () => cp.kill('SIGKILL'),
  };
}
