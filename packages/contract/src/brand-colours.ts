/**
 * A tenant's accent colour, made readable wherever Roster's pages and emails paint with it (WCAG 2.2 AA, 1.4.3):
 * a button filled with the accent gets white or near-black text, whichever contrasts more (a mid-tone accent that
 * reads with neither is darkened); text and links in the accent on a white page are darkened until they reach 4.5:1.
 * The tenant's colour is kept wherever it already reads.
 */

/** Roster's own accent: 5.2:1 against white, for text on white and white text on it. */
export const DEFAULT_ACCENT = '#2563c9';

const WHITE = '#ffffff';
const INK = '#111827';

const channels = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const hex = (rgb: number[]) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

export interface BrandColours {
  /** Fills (a button, a rule): the accent itself. */
  fill: string;
  /** Text on the fill. */
  onFill: string;
  /** Text and links on white: the accent, darkened where needed to 4.5:1. */
  text: string;
}

/** The colours to paint with for an accent (`#rrggbb`; anything else, or null, is Roster's own accent). */
export function brandColours(accent: string | null | undefined): BrandColours {
  const own = accent && /^#[0-9a-f]{6}$/i.test(accent) ? accent.toLowerCase() : DEFAULT_ACCENT;
  let text = own;
  for (let k = 0.9; contrastRatio(text, WHITE) < 4.5 && k > 0; k -= 0.05) text = hex(channels(own).map((c) => c * k));
  // A mid-tone accent reads with neither white nor near-black text: the darkened one fills instead.
  const fill = Math.max(contrastRatio(own, WHITE), contrastRatio(own, INK)) >= 4.5 ? own : text;
  const onFill = contrastRatio(fill, WHITE) >= contrastRatio(fill, INK) ? WHITE : INK;
  return { fill, onFill, text };
}
