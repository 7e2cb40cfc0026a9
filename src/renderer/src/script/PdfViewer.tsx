// The script's pages rendered with pdf.js: lazy canvases and text layers (for selection notes), with the
// chosen character's speeches highlighted from the analysis' rectangles (PDF space, origin bottom-left).
import { useQuery } from '@tanstack/react-query';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { TextLayer } from 'pdfjs-dist';
import { type FormEvent, memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ScriptAnalysis, ScriptRect } from '../../../shared/script.ts';
import { call, errorMessage } from '../api.ts';
import { base64ToBytes, openPdf, PdfPasswordError } from './pdf.ts';

export interface Highlight {
  /** Position in the stepping order (0-based). */
  index: number;
  label: string;
  rects: ScriptRect[];
}

export interface ScrollTarget {
  page: number;
  /** PDF-space y of the top of what to show. */
  y: number;
  nonce: number;
}

export interface TextSelection {
  page: number;
  text: string;
  start: number;
  end: number;
}

const GAP = 12;

export function PdfViewer({
  scriptId,
  analysis,
  highlights,
  current,
  scrollTo,
  initialPassword,
  onSelection,
}: {
  scriptId: string;
  analysis: ScriptAnalysis;
  highlights: Highlight[];
  current: number | null;
  scrollTo: ScrollTarget | null;
  initialPassword?: string;
  onSelection: (s: TextSelection | null) => void;
}) {
  const pdf = useQuery({
    queryKey: ['script.pdf', scriptId],
    queryFn: async () => base64ToBytes((await call('script.pdf', { id: scriptId })).base64),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
  });
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [password, setPassword] = useState(initialPassword);
  const [locked, setLocked] = useState<PdfPasswordError | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [zoom, setZoom] = useState(1);
  const [width, setWidth] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!pdf.data) return;
    let live = true;
    let opened: PDFDocumentProxy | null = null;
    setLoadError(null);
    openPdf(pdf.data, password)
      .then((d) => {
        opened = d;
        if (live) {
          setLocked(null);
          setDoc(d);
        } else void d.loadingTask.destroy();
      })
      .catch((e: unknown) => {
        if (!live) return;
        if (e instanceof PdfPasswordError) setLocked(e);
        else setLoadError(errorMessage(e));
      });
    return () => {
      live = false;
      setDoc(null);
      void opened?.loadingTask.destroy();
    };
  }, [pdf.data, password]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  const maxPageWidth = Math.max(1, ...analysis.pageSizes.map((p) => p.width));
  const scale = width > 0 ? Math.min(2.5, ((width - 32) / maxPageWidth) * zoom) : 0;

  const byPage = useMemo(() => {
    const m = new Map<number, Array<{ h: Highlight; rects: ScriptRect[] }>>();
    for (const h of highlights) {
      const pages = new Map<number, ScriptRect[]>();
      for (const r of h.rects) pages.set(r.page, [...(pages.get(r.page) ?? []), r]);
      for (const [p, rects] of pages) m.set(p, [...(m.get(p) ?? []), { h, rects }]);
    }
    return m;
  }, [highlights]);

  const scrollToPdf = useCallback(
    (page: number, y: number, smooth: boolean) => {
      const el = scroller.current;
      const size = analysis.pageSizes[page - 1];
      if (!el || !size || scale === 0) return;
      const pageEl = el.querySelector<HTMLElement>(`[data-page="${page}"]`);
      if (!pageEl) return;
      const top = pageEl.offsetTop + Math.max(0, (size.height - y) * scale) - 80;
      el.scrollTo({ top: Math.max(0, top), behavior: smooth ? 'smooth' : 'auto' });
    },
    [analysis.pageSizes, scale],
  );

  // Jump to a scene (or any target) when asked.
  useEffect(() => {
    if (scrollTo) scrollToPdf(scrollTo.page, scrollTo.y, false);
  }, [scrollTo, scrollToPdf]);

  // Bring the current speech into view.
  useEffect(() => {
    if (current === null) return;
    const h = highlights[current];
    const first = h?.rects[0];
    if (first) scrollToPdf(first.page, first.y + first.h, false);
  }, [current, highlights, scrollToPdf]);

  // Track the text selected inside the pages, for "Note on selection".
  useEffect(() => {
    const onChange = () => {
      const sel = document.getSelection();
      const el = scroller.current;
      if (!sel || sel.isCollapsed || !el || !sel.anchorNode || !el.contains(sel.anchorNode)) {
        onSelection(null);
        return;
      }
      const text = sel.toString().replace(/\s+/g, ' ').trim().slice(0, 5000);
      const pageEl = (
        sel.anchorNode instanceof Element ? sel.anchorNode : sel.anchorNode.parentElement
      )?.closest<HTMLElement>('[data-page]');
      if (!text || !pageEl) {
        onSelection(null);
        return;
      }
      const page = Number(pageEl.dataset.page);
      const layerText = (pageEl.querySelector('.textLayer')?.textContent ?? '').replace(/\s+/g, ' ');
      const start = Math.max(0, layerText.indexOf(text));
      onSelection({ page, text, start, end: start + text.length });
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [onSelection]);

  return (
    <div className="pdf-viewer">
      <div className="pdf-zoom" role="toolbar" aria-label="Zoom">
        <button
          type="button"
          className="btn small"
          aria-label="Zoom out"
          onClick={() => setZoom((z) => Math.max(0.5, z - 0.15))}
        >
          −
        </button>
        <span aria-live="polite">{Math.round(zoom * 100)}%</span>
        <button
          type="button"
          className="btn small"
          aria-label="Zoom in"
          onClick={() => setZoom((z) => Math.min(2, z + 0.15))}
        >
          +
        </button>
      </div>
      <section className="pdf-pages" ref={scroller} aria-label="Script pages" tabIndex={-1}>
        {pdf.isError && (
          <div role="alert" className="script-error">
            <strong>The PDF could not be shown.</strong> {errorMessage(pdf.error)}
          </div>
        )}
        {loadError && (
          <div role="alert" className="script-error">
            <strong>The PDF could not be shown.</strong> {loadError}
          </div>
        )}
        {locked && <PasswordForm incorrect={locked.incorrect} onSubmit={setPassword} purpose="view" />}
        {scale > 0 &&
          !locked &&
          analysis.pageSizes.map((size, i) => (
            <Page
              // biome-ignore lint/suspicious/noArrayIndexKey: pages are fixed for a document
              key={i}
              doc={doc}
              number={i + 1}
              width={size.width}
              height={size.height}
              scale={scale}
              marks={byPage.get(i + 1)}
              current={current}
            />
          ))}
      </section>
    </div>
  );
}

const Page = memo(function Page({
  doc,
  number,
  width,
  height,
  scale,
  marks,
  current,
}: {
  doc: PDFDocumentProxy | null;
  number: number;
  width: number;
  height: number;
  scale: number;
  marks: Array<{ h: Highlight; rects: ScriptRect[] }> | undefined;
  current: number | null;
}) {
  const ref = useRef<HTMLElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  const [rendered, setRendered] = useState(false);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)), {
      rootMargin: '600px 0px',
    });
    io.observe(el);
    return () => io.disconnect();
  }, []);

  useEffect(() => {
    if (!doc || !visible) return;
    let cancelled = false;
    let cleanup = () => {};
    void (async () => {
      const page = await doc.getPage(number);
      if (cancelled) return;
      const dpr = window.devicePixelRatio || 1;
      const viewport = page.getViewport({ scale });
      const canvas = canvasRef.current;
      const textDiv = textRef.current;
      if (!canvas || !textDiv) return;
      canvas.width = Math.floor(viewport.width * dpr);
      canvas.height = Math.floor(viewport.height * dpr);
      const task = page.render({
        canvas,
        viewport,
        transform: dpr === 1 ? undefined : [dpr, 0, 0, dpr, 0, 0],
      });
      textDiv.replaceChildren();
      const text = new TextLayer({
        textContentSource: page.streamTextContent(),
        container: textDiv,
        viewport,
      });
      cleanup = () => {
        task.cancel();
        text.cancel();
      };
      try {
        await Promise.all([task.promise, text.render()]);
        if (!cancelled) setRendered(true);
      } catch {
        // A cancelled render (scrolled away, zoomed) is normal.
      }
    })();
    return () => {
      cancelled = true;
      cleanup();
    };
  }, [doc, visible, number, scale]);

  const w = width * scale;
  const h = height * scale;
  return (
    <figure
      ref={ref}
      className="pdf-page"
      data-page={number}
      aria-label={`Page ${number}`}
      style={
        {
          width: w,
          height: h,
          marginBottom: GAP,
          '--scale-factor': scale,
          '--total-scale-factor': scale,
          '--user-unit': 1,
          '--scale-round-x': '1px',
          '--scale-round-y': '1px',
        } as React.CSSProperties
      }
    >
      <canvas ref={canvasRef} style={{ width: w, height: h }} />
      <div ref={textRef} className="textLayer" />
      {!rendered && <div className="pdf-page-loading" aria-hidden="true" />}
      {marks?.map(({ h: mark, rects }) => (
        <div
          key={`${mark.index}-${rects[0]?.y ?? 0}`}
          className={`pdf-mark${mark.index === current ? ' current' : ''}`}
          role="img"
          aria-label={`${mark.label}${mark.index === current ? ' (current)' : ''}`}
          aria-current={mark.index === current ? 'true' : undefined}
        >
          {rects.map((r) => (
            <span
              key={`${r.x}-${r.y}`}
              style={{
                left: r.x * scale - 2,
                top: (height - r.y - r.h) * scale - 1,
                width: r.w * scale + 4,
                height: r.h * scale + 2,
              }}
            />
          ))}
        </div>
      ))}
    </figure>
  );
});

export function PasswordForm({
  incorrect,
  onSubmit,
  onCancel,
  purpose,
}: {
  incorrect: boolean;
  onSubmit: (password: string) => void;
  onCancel?: () => void;
  purpose: 'analyse' | 'view';
}) {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value) onSubmit(value);
  };
  return (
    <form className="script-password" onSubmit={submit} aria-label="Password for this PDF">
      <div role="alert">
        <strong>{incorrect ? 'That password is not correct.' : 'This PDF is password-protected.'}</strong>{' '}
        {incorrect
          ? 'Check it with whoever sent the script and try again.'
          : `Enter its password to ${purpose === 'view' ? 'show it' : 'analyse it'}. The password is not stored.`}
      </div>
      <label>
        PDF password
        <input
          className="input"
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          // biome-ignore lint/a11y/noAutofocus: the form appears because the user must type here
          autoFocus
          aria-invalid={incorrect}
        />
      </label>
      <div className="actions">
        <button type="submit" className="btn primary" disabled={!value}>
          Open with password
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
