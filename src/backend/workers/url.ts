// Where worker-thread entry files are. From source (Node type stripping: tests, CLI, browser host) each
// worker is the .ts file beside its module; the Electron shell calls setBundledWorkerDir() with the folder
// where electron-vite emitted them (out/main/<name>.js, next to index.js).
let bundledDir: URL | null = null;

export function setBundledWorkerDir(dir: URL): void {
  bundledDir = dir;
}

/** For a worker that starts workers of its own: module state is per thread, so pass this in workerData. */
export function bundledWorkerDir(): string | null {
  return bundledDir?.href ?? null;
}

export function workerUrl(sourceUrl: URL, bundledName: string): URL {
  return bundledDir ? new URL(`${bundledName}.js`, bundledDir) : sourceUrl;
}
