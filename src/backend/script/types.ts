/** One run of text on a line; a line splits into segments at wide gaps (dual dialogue, margin scene numbers). */
export interface Segment {
  x: number;
  xEnd: number;
  text: string;
}

/** A visual line of a page: baseline y (PDF space, origin bottom-left) and the x of its first glyph. */
export interface Line {
  page: number;
  y: number;
  x: number;
  xEnd: number;
  size: number;
  text: string;
  segments: Segment[];
}

export interface PageText {
  page: number;
  width: number;
  height: number;
  lines: Line[];
}

/** A positioned text item as pdf.js gives it, reduced to what line building needs. */
export interface RawItem {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}
