// Entry of the script-analysis worker thread: loads pdf.js at once (so a pre-started worker is warm),
// then answers requests one at a time until the main thread ends it.
import { parentPort, workerData } from 'node:worker_threads';
import { preparePdfJsThread } from './pdfjs-node.ts';
import type { WorkerMessage, WorkerRequest } from './protocol.ts';

preparePdfJsThread();
const { isScriptError } = await import('./errors.ts');
const { analyzeExtracted, analyzePdfBytes, extractShard } = await import('./pipeline.ts');
const { loadPdfJs } = await import('./extract.ts');
await loadPdfJs();
if ((workerData as { warm?: unknown } | null)?.warm === true) {
  // A pre-started worker has time to spare: run a small script through so the JIT is warm.
  const { warmupPdf } = await import('./warmup.ts');
  for (let i = 0; i < 2; i++)
    await analyzePdfBytes(warmupPdf(30), { fileName: 'warmup.pdf' }).catch(() => undefined);
}

function post(m: WorkerMessage): void {
  parentPort?.postMessage(m);
}

async function handle(req: WorkerRequest): Promise<void> {
  let lastPost = 0;
  // Throttled: a message per page would flood the main thread on long documents.
  const progress = (pagesDone: number, pagesTodo: number, pagesTotal: number) => {
    const now = Date.now();
    if (pagesDone === pagesTodo || now - lastPost >= 50) {
      lastPost = now;
      post({ type: 'progress', pagesDone, pagesTodo, pagesTotal });
    }
  };
  if (req.type === 'analyze') {
    const analysis = await analyzePdfBytes(req.data, {
      fileName: req.fileName,
      password: req.password,
      maxPages: req.maxPages,
      maxChars: req.maxChars,
      onProgress: (done, total) => progress(done, total, total),
      // Not throttled: an OCR page takes seconds, and each one re-arms the caller's time limit.
      onOcrPage: (done, todo) =>
        post({ type: 'progress', phase: 'ocr', pagesDone: done, pagesTodo: todo, pagesTotal: todo }),
    });
    post({ type: 'result', analysis });
  } else if (req.type === 'extract') {
    const doc = await extractShard(req.data, { ...req, onProgress: progress });
    post({
      type: 'pages',
      pages: doc.pages,
      pagesTotal: doc.pagesTotal,
      metadataTitle: doc.metadataTitle,
      warnings: doc.warnings,
    });
  } else {
    post({
      type: 'result',
      analysis: analyzeExtracted(req.pages, req.fileName, req.metadataTitle, req.warnings, req.legacyFonts),
    });
  }
}

parentPort?.on('message', (req: WorkerRequest) => {
  handle(req).catch((e: unknown) => {
    if (isScriptError(e)) post({ type: 'error', code: e.code, message: e.message });
    else
      post({
        type: 'error',
        code: 'INTERNAL',
        message: `The script analyser failed: ${e instanceof Error ? e.message : String(e)}`,
      });
  });
});
post({ type: 'ready' });
