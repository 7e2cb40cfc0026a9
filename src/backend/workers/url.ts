/**
 * Where a worker's entry file is. From source (Node type stripping, tests, CLI) it sits beside its module as
 * .ts; in the Electron bundle electron-vite emits each worker as out/main/<name>.js next to index.js.
 */
export function workerUrl(sourceUrl: URL, bundledName: string): URL {
  return import.meta.url.endsWith('.ts') ? sourceUrl : new URL(`./${bundledName}.js`, import.meta.url);
}
