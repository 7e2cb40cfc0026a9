import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Worker threads are separate entries: the backend finds them next to out/main/index.js (workers/url.ts).
const workers = {
  'talent-import-worker': resolve('src/backend/talent/import/worker.ts'),
  'talent-validate-worker': resolve('src/backend/talent/import/validate-worker.ts'),
  'talent-preview-worker': resolve('src/backend/talent/import/preview-worker.ts'),
  'talent-export-worker': resolve('src/backend/talent/export-worker.ts'),
  'talent-facets-worker': resolve('src/backend/talent/facets-worker.ts'),
  'headshots-worker': resolve('src/backend/headshots/worker.ts'),
  'script-worker': resolve('src/backend/script/worker.ts'),
  'backup-integrity-worker': resolve('src/backend/backup/integrity-worker.ts'),
};
// The backend's own process (Electron utilityProcess), beside its workers.
const backendProcess = { 'backend-process': resolve('src/backend/process/child.ts') };

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve('src/main/index.ts'), ...backendProcess, ...workers } },
    },
  },
  preload: {
    // A sandboxed preload cannot require npm modules: bundle everything into one CommonJS file.
    build: {
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve('src/preload/index.ts') }, output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    plugins: [react()],
    build: { rollupOptions: { input: resolve('src/renderer/index.html') } },
  },
});
