// Start-up tuning for pdf.js inside the analysis worker thread (never the app's main thread).
import module from 'node:module';

let done = false;

/**
 * pdf.js's Node build loads @napi-rs/canvas, a native module costing ~100 ms, only to polyfill DOMMatrix
 * and Path2D for rendering. Text extraction never renders, so in this thread the package resolves to an
 * empty stub and the two globals get inert stand-ins (which also keeps pdf.js from printing warnings).
 * V8's compile cache keeps pdf.js's 2 MB of JavaScript compiled between runs.
 */
export function preparePdfJsThread(): void {
  if (done) return;
  done = true;
  try {
    module.enableCompileCache?.();
  } catch {
    // An unwritable cache directory only costs speed.
  }
  const g = globalThis as Record<string, unknown>;
  g.DOMMatrix ??= class DOMMatrix {};
  g.Path2D ??= class Path2D {};
  module.registerHooks?.({
    resolve(specifier, context, nextResolve) {
      if (specifier === '@napi-rs/canvas')
        return { url: 'castmatch-stub:canvas', format: 'commonjs', shortCircuit: true };
      return nextResolve(specifier, context);
    },
    load(url, context, nextLoad) {
      if (url === 'castmatch-stub:canvas')
        return { format: 'commonjs', source: 'module.exports = {};', shortCircuit: true };
      return nextLoad(url, context);
    },
  });
}
