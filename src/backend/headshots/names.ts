/**
 * Derives a person's name from a dropped file's name, or failing that from its folders:
 *   "Priya_Sharma_02.jpg", "priya-sharma.jpeg", "PriyaSharma final.png" → "Priya Sharma"
 *   "Agency X/Priya Sharma/1.jpg", "…/Priya Sharma/IMG_1234.JPG" → "Priya Sharma" (from the folder)
 *   "प्रिया_शर्मा_01.jpg" → "प्रिया शर्मा"
 */

/** Words that describe the photo, not the person. */
const NOISE_WORDS = new Set([
  'headshot',
  'headshots',
  'head',
  'shot',
  'shots',
  'final',
  'finals',
  'copy',
  'edit',
  'edited',
  'retouched',
  'retouch',
  'new',
  'old',
  'latest',
  'updated',
  'update',
  'photo',
  'photos',
  'pic',
  'pics',
  'picture',
  'image',
  'images',
  'img',
  'portrait',
  'portraits',
  'profile',
  'hd',
  'hq',
  'hi',
  'high',
  'low',
  'res',
  'hires',
  'lowres',
  'web',
  'small',
  'large',
  'big',
  'crop',
  'cropped',
  'resized',
  'scan',
  'scanned',
  'print',
  'version',
  'ver',
  'v',
  'front',
  'side',
  'left',
  'right',
  'closeup',
  'close',
  'up',
  'full',
  'length',
  'mid',
  'look',
  'looks',
  'colour',
  'color',
  'bw',
  'b&w',
  'selfie',
  'dsc',
  'dscn',
  'dscf',
  'mvimg',
  'pxl',
  'whatsapp',
  'screenshot',
  'screen',
  'untitled',
  'download',
  'downloads',
  'desktop',
  'documents',
  'pictures',
  'camera',
  'dcim',
  'jpg',
  'jpeg',
  'png',
  'and',
  'of',
  'the',
  'at',
  'am',
  'pm',
  'raw',
  'comp',
  'composite',
  'card',
  'zed',
  'zedcard',
  'audition',
  'auditions',
  'test',
  'look-test',
  'portfolio',
  'folder',
  'misc',
  'other',
  'others',
  'set',
  'stills',
  'still',
  'jpgs',
  'export',
  'exports',
  'best',
  'selects',
  'select',
  'shortlist',
  'submission',
  'submissions',
  'agency',
  'talent',
  'actors',
  'actor',
  'actress',
  'model',
  'models',
  'casting',
  // Common Hindi equivalents in Devanagari ("photo", "final", "new").
  'फोटो',
  'फ़ोटो',
  'तस्वीर',
  'फाइनल',
  'नया',
  'नई',
]);

/** Camera / phone / messenger file names that carry no name at all: "IMG_1234", "DSC_0042", "PXL_20240101_…", "WhatsApp Image 2024-…". */
const CAMERA_NAME_RE =
  /^(?:_?mg|img|dsc[nf]?|dcim|p\d{3,}|pxl|mvimg|gopr|dji|sam|cimg|imgp|dscf|photo|image|screenshot|screen shot|whatsapp image|signal|telegram|wp|fb_img|received|snapchat|pict?)(?:[\s_-]*[\dA-Za-z]*[\d][\dA-Za-z_.\s-]*)?$/i;

export interface DerivedName {
  name: string | null;
  source: 'file' | 'folder' | null;
}

/** Splits camelCase / digits / separators into words, keeping Devanagari (and other scripts') letters and marks intact. */
function words(raw: string): string[] {
  return raw
    .normalize('NFC')
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ') // "(1)", "[edit]"
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2') // PriyaSharma → Priya Sharma
    .replace(/(\p{L}\p{M}*)(\d)/gu, '$1 $2') // Sharma02 → Sharma 02
    .replace(/(\d)(\p{L})/gu, '$1 $2')
    .split(/[^\p{L}\p{M}.'’&-]+|[.\-_]+(?=\s|$)|(?<=\s|^)[.\-_]+|[_.-]+/u)
    .map((w) => w.replace(/^['’&-]+|['’&-]+$/g, ''))
    .filter((w) => w.length > 0);
}

function titleCase(w: string): string {
  // Only re-case all-lower or all-upper Latin words; leave "McIntyre", "DSouza", Devanagari alone.
  if (!/^[\p{Script=Latin}'’]+$/u.test(w)) return w;
  if (w !== w.toLowerCase() && w !== w.toUpperCase()) return w;
  const lower = w.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** The name in one path component, or null when it holds only numbers, noise words or a camera pattern. */
export function nameFromComponent(component: string): string | null {
  const stem = component.trim();
  if (stem.length === 0 || CAMERA_NAME_RE.test(stem)) return null;
  const kept = words(stem).filter((w) => !NOISE_WORDS.has(w.toLowerCase()) && !/^\d+$/.test(w));
  // A lone letter ("A", "B" for look variants) is not a name on its own.
  const letters = kept.join('').replace(/\P{L}/gu, '');
  if (kept.length === 0 || letters.length < 2) return null;
  if (kept.length === 1 && /^[a-z]$/i.test(kept[0]!)) return null;
  // Trailing single letters are shot variants ("Priya Sharma B"), unless they are the only other word.
  while (kept.length > 2 && /^[a-z]$/i.test(kept[kept.length - 1]!)) kept.pop();
  return kept.map(titleCase).join(' ');
}

function stripExtension(fileName: string): string {
  const i = fileName.lastIndexOf('.');
  return i > 0 ? fileName.slice(0, i) : fileName;
}

/**
 * `folders` are the folder names between the dropped folder (inclusive) and the file, outermost first;
 * empty for a file dropped on its own (its parents were not part of the drop, e.g. a temp upload dir).
 */
export function deriveName(fileName: string, folders: readonly string[]): DerivedName {
  const fromFile = nameFromComponent(stripExtension(fileName));
  if (fromFile) return { name: fromFile, source: 'file' };
  for (let i = folders.length - 1; i >= 0; i--) {
    const n = nameFromComponent(folders[i]!);
    if (n) return { name: n, source: 'folder' };
  }
  return { name: null, source: null };
}
