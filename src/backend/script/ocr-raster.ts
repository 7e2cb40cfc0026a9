/**
 * A scanned page as one grey bitmap for OCR, built without a canvas: a scan is one or more images drawn
 * on the page, so the page's operator list gives each image with its transform, pdf.js decodes it (JPEG,
 * CCITT, JBIG2, Flate...), and the images are drawn into an upright grey raster as the page is shown
 * (page rotation, flipped or rotated image matrices, strips and image masks included). Vector art and
 * text are not drawn: a page with a text layer is never read this way.
 */
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

type Matrix = [number, number, number, number, number, number];
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

export interface PageRaster {
  /** 8-bit grey, row by row from the top, `width` × `height`. */
  gray: Uint8Array;
  width: number;
  height: number;
  /** Resolution of the raster; a pixel is 72 / dpi points. */
  dpi: number;
  /** The page as shown, in points. */
  pageWidth: number;
  pageHeight: number;
}

/** A decoded image as pdf.js hands it over without OffscreenCanvas. */
interface ImageData {
  width: number;
  height: number;
  /** 1: one bit per pixel (1 is white), 2: RGB, 3: RGBA. Image masks carry no kind. */
  kind?: number;
  data: Uint8Array | Uint8ClampedArray;
}

interface Placed {
  /** Maps the image's unit square to the shown page (points, y down). */
  m: Matrix;
  load: () => Promise<ImageData | null>;
  mask: boolean;
}

/** Scans finer than this are sampled down (speed), coarser ones up (Tesseract wants ~20 px capitals). */
export const MAX_DPI = 300;
export const MIN_DPI = 150;
/** Images covering less than this share of the page (logos, stamps) do not make it a scan. */
const MIN_COVER = 0.2;

function mul(m: Matrix, n: readonly number[]): Matrix {
  const [a, b, c, d, e, f] = m;
  const [a2 = 1, b2 = 0, c2 = 0, d2 = 1, e2 = 0, f2 = 0] = n;
  return [
    a * a2 + c * b2,
    b * a2 + d * b2,
    a * c2 + c * d2,
    b * c2 + d * d2,
    a * e2 + c * f2 + e,
    b * e2 + d * f2 + f,
  ];
}

function invert(m: Matrix): Matrix | null {
  const [a, b, c, d, e, f] = m;
  const det = a * d - b * c;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return null;
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

function isMatrix(v: unknown): v is number[] {
  return Array.isArray(v) && v.length === 6 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

function isImageData(v: unknown): v is ImageData {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.width === 'number' &&
    typeof o.height === 'number' &&
    o.width > 0 &&
    o.height > 0 &&
    (o.data instanceof Uint8Array || o.data instanceof Uint8ClampedArray)
  );
}

/** An image object from the page's store; pdf.js resolves it with the operator list (null if it failed). */
function objectOf(page: PDFPageProxy, id: string): Promise<ImageData | null> {
  const store = id.startsWith('g_') ? page.commonObjs : page.objs;
  return new Promise((resolve) => {
    try {
      store.get(
        id,
        (v: unknown) => resolve(isImageData(v) ? v : null),
        () => resolve(null),
      );
    } catch {
      resolve(null);
    }
  });
}

/** The images a page paints, in paint order, with their placement on the shown page. */
async function placedImages(pdfjs: PdfJs, page: PDFPageProxy, view: Matrix): Promise<Placed[]> {
  const { OPS } = pdfjs;
  const list = await page.getOperatorList();
  const out: Placed[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  for (let i = 0; i < list.fnArray.length; i++) {
    const fn = list.fnArray[i];
    const args = list.argsArray[i] as unknown[] | null;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform && isMatrix(args)) ctm = mul(ctm, args);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      if (isMatrix(args?.[0])) ctm = mul(ctm, args[0] as number[]);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.paintImageXObject && typeof args?.[0] === 'string') {
      const id = args[0];
      out.push({ m: mul(view, ctm), load: () => objectOf(page, id), mask: false });
    } else if (fn === OPS.paintInlineImageXObject && isImageData(args?.[0])) {
      const img = args[0];
      out.push({ m: mul(view, ctm), load: async () => img, mask: false });
    } else if (fn === OPS.paintImageMaskXObject) {
      const ref = (args?.[0] as { data?: unknown } | undefined)?.data;
      if (typeof ref === 'string')
        out.push({ m: mul(view, ctm), load: () => objectOf(page, ref), mask: true });
    }
  }
  return out;
}

/** Grey value (0-255) of pixel (i, j), or -1 where a mask leaves the page unpainted. */
function sampler(img: ImageData, mask: boolean): (i: number, j: number) => number {
  const { width: w, data } = img;
  if (mask || img.kind === 1) {
    const stride = (w + 7) >> 3;
    // An image mask paints where its bit is 0; a 1-bit image is black where its bit is 0.
    return (i, j) => ((data[j * stride + (i >> 3)]! >> (7 - (i & 7))) & 1 ? (mask ? -1 : 255) : 0);
  }
  if (img.kind === 2 || data.length >= w * img.height * 3 * 0.999) {
    const rgba = img.kind === 3 || (img.kind !== 2 && data.length >= w * img.height * 4);
    const bpp = rgba ? 4 : 3;
    return (i, j) => {
      const k = (j * w + i) * bpp;
      const grey = (data[k]! * 299 + data[k + 1]! * 587 + data[k + 2]! * 114) / 1000;
      if (!rgba) return grey;
      const alpha = data[k + 3]!;
      return (grey * alpha + 255 * (255 - alpha)) / 255;
    };
  }
  return () => -1;
}

function effectiveDpi(p: Placed, img: ImageData): number {
  const [a, b, c, d] = p.m;
  const across = Math.hypot(a, b);
  const down = Math.hypot(c, d);
  if (across <= 0 || down <= 0) return 0;
  return Math.max((img.width / across) * 72, (img.height / down) * 72);
}

/**
 * Draws the page's images into a grey raster, or returns null when the page is not a scan (no image,
 * or images covering little of it). `maxPixels` bounds the raster whatever the page size claims.
 */
export async function rasterizeScannedPage(
  pdfjs: PdfJs,
  page: PDFPageProxy,
  maxPixels = 40_000_000,
): Promise<PageRaster | null> {
  const viewport = page.getViewport({ scale: 1 });
  const pageWidth = viewport.width;
  const pageHeight = viewport.height;
  if (!(pageWidth > 0 && pageHeight > 0 && Number.isFinite(pageWidth * pageHeight))) return null;
  const placed = await placedImages(pdfjs, page, viewport.transform as Matrix);
  const images: Array<{ p: Placed; img: ImageData; inv: Matrix }> = [];
  let cover = 0;
  let dpi = 0;
  for (const p of placed) {
    const inv = invert(p.m);
    if (!inv) continue;
    const area = Math.abs(p.m[0] * p.m[3] - p.m[1] * p.m[2]);
    if (area < pageWidth * pageHeight * 0.01) continue;
    const img = await p.load();
    if (!img) continue;
    images.push({ p, img, inv });
    cover += area;
    dpi = Math.max(dpi, effectiveDpi(p, img));
  }
  if (images.length === 0 || cover < pageWidth * pageHeight * MIN_COVER) return null;
  dpi = Math.min(MAX_DPI, Math.max(MIN_DPI, Math.round(dpi)));
  // A page box claiming square metres would ask for a huge raster: lower the resolution instead.
  const fit = Math.sqrt(maxPixels / ((pageWidth * pageHeight * dpi * dpi) / 5184));
  if (fit < 1) dpi = Math.max(1, Math.floor(dpi * fit));
  const k = 72 / dpi;
  const width = Math.max(1, Math.round(pageWidth / k));
  const height = Math.max(1, Math.round(pageHeight / k));
  const gray = new Uint8Array(width * height).fill(255);
  for (const { p, img, inv } of images) {
    const sample = sampler(img, p.mask);
    const [a, b, c, d, e, f] = p.m;
    // The image's box on the raster, clipped to it.
    const xs = [e, a + e, c + e, a + c + e].map((x) => x / k);
    const ys = [f, b + f, d + f, b + d + f].map((y) => y / k);
    const x0 = Math.max(0, Math.floor(Math.min(...xs)));
    const x1 = Math.min(width, Math.ceil(Math.max(...xs)));
    const y0 = Math.max(0, Math.floor(Math.min(...ys)));
    const y1 = Math.min(height, Math.ceil(Math.max(...ys)));
    const [ia, ib, ic, id, ie, iff] = inv;
    const { width: iw, height: ih } = img;
    for (let y = y0; y < y1; y++) {
      const py = (y + 0.5) * k;
      // Unit-square coordinates of the pixel centre, stepped along the row.
      let u = ia * (x0 + 0.5) * k + ic * py + ie;
      let v = ib * (x0 + 0.5) * k + id * py + iff;
      const du = ia * k;
      const dv = ib * k;
      let o = y * width + x0;
      for (let x = x0; x < x1; x++, o++, u += du, v += dv) {
        if (u < 0 || u >= 1 || v <= 0 || v > 1) continue;
        // Image row 0 is the top of the unit square (v = 1).
        const g = sample(Math.floor(u * iw), Math.min(ih - 1, Math.floor((1 - v) * ih)));
        if (g >= 0) gray[o] = g;
      }
    }
  }
  return { gray, width, height, dpi, pageWidth, pageHeight };
}

/** The raster as a binary PGM, which Tesseract's image reader (Leptonica) reads without a codec. */
export function toPgm(r: PageRaster): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${r.width} ${r.height}\n255\n`, 'latin1'), r.gray]);
}

/** Whether anything is printed on the raster: a blank scan (or one with specks) is not worth an OCR pass. */
export function hasInk(r: PageRaster, minShare = 0.0002): boolean {
  const need = Math.max(1, Math.floor(r.gray.length * minShare));
  let dark = 0;
  for (let i = 0; i < r.gray.length; i++) if (r.gray[i]! < 128 && ++dark >= need) return true;
  return false;
}

/** A piece of the raster around a box (pixels), with a white border of `pad` pixels. */
export function cropRaster(
  r: PageRaster,
  box: { x0: number; y0: number; x1: number; y1: number },
  pad: number,
): PageRaster {
  const x0 = Math.max(0, Math.floor(box.x0 - pad));
  const y0 = Math.max(0, Math.floor(box.y0 - pad));
  const x1 = Math.min(r.width, Math.ceil(box.x1 + pad));
  const y1 = Math.min(r.height, Math.ceil(box.y1 + pad));
  const width = Math.max(1, x1 - x0);
  const height = Math.max(1, y1 - y0);
  const gray = new Uint8Array(width * height).fill(255);
  for (let y = y0; y < y1; y++)
    gray.set(r.gray.subarray(y * r.width + x0, y * r.width + x1), (y - y0) * width);
  return {
    gray,
    width,
    height,
    dpi: r.dpi,
    pageWidth: (width * 72) / r.dpi,
    pageHeight: (height * 72) / r.dpi,
  };
}
