// A headshot for a deck page: pdf-lib embeds only JPEG and PNG, and the media store keeps WebP derivatives,
// so the file is converted with sharp (loaded on first use), sized for print at about 200 dpi.
import { existsSync } from 'node:fs';
import type { DeckImage } from './deck.ts';

/** The first of the paths that exists, as a JPEG at most 640×840 px; null if none exists or none decodes. */
export async function deckJpeg(paths: string[]): Promise<DeckImage | null> {
  const { default: sharp } = await import('sharp');
  for (const path of paths) {
    if (!existsSync(path)) continue;
    try {
      const bytes = await sharp(path, { limitInputPixels: 100_000_000 })
        .rotate()
        .resize(640, 840, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 82 })
        .toBuffer();
      return { bytes: new Uint8Array(bytes), kind: 'jpg' };
    } catch {
      // An unreadable derivative: try the next file (the original), else the page says "No headshot".
    }
  }
  return null;
}
