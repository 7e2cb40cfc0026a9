/** Limits for one imported file. Headshots are photos: these are generous for cameras and refuse abuse. */
export interface ImportLimits {
  /** Bytes; larger files are refused before they are read (TOO_LARGE). */
  maxFileBytes: number;
  /** width × height of the input; larger images are refused before decoding (TOO_MANY_PIXELS). */
  maxInputPixels: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  // ~120 MP covers 100 MP medium-format cameras; a 30,000 × 30,000 "bomb" (900 MP) is refused.
  maxInputPixels: 120_000_000,
};

/** Derivative sizes: the longest side fits in this box (grid card / full-size view). */
export const DERIVATIVE_SIZES = [1280, 320] as const;
export type DerivativeSize = (typeof DERIVATIVE_SIZES)[number];
export const WEBP_QUALITY = 80;
