import { useEffect, useState } from 'react';

export const CARD_SIZES = ['small', 'medium', 'large'] as const;
export type CardSize = (typeof CARD_SIZES)[number];
export const CARD_SIZE_LABELS: Record<CardSize, string> = {
  small: 'Small',
  medium: 'Medium',
  large: 'Large',
};

export const GAP = 12;
/** Narrowest card at each size; cards stretch to fill the row, so the grid has no ragged gap on the right. */
const MIN_WIDTH: Record<CardSize, number> = { small: 104, medium: 140, large: 196 };
/** Height of the text under the photo: small shows name and facts, the others add native name and languages. */
const META_HEIGHT: Record<CardSize, number> = { small: 46, medium: 80, large: 84 };
const PHOTO_RATIO = 5 / 4;

export interface CardGeometry {
  cols: number;
  cardW: number;
  cardH: number;
}

/** Columns and card size for a grid `width` px wide (0 before it is measured: one column of minimum cards). */
export function cardGeometry(width: number, size: CardSize): CardGeometry {
  const min = MIN_WIDTH[size];
  const cols = Math.max(1, Math.floor((width - GAP) / (min + GAP)));
  const cardW = Math.max(min, Math.floor((width - GAP * (cols + 1)) / cols));
  return { cols, cardW, cardH: Math.round(cardW * PHOTO_RATIO) + META_HEIGHT[size] };
}

const KEY = 'castmatch.cardSize';

/** The card size, remembered across restarts on this machine. */
export function useCardSize(): [CardSize, (s: CardSize) => void] {
  const [size, setSize] = useState<CardSize>(() => {
    const saved = localStorage.getItem(KEY);
    return (CARD_SIZES as readonly string[]).includes(saved ?? '') ? (saved as CardSize) : 'medium';
  });
  useEffect(() => {
    localStorage.setItem(KEY, size);
  }, [size]);
  return [size, setSize];
}
