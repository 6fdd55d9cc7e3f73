import { describe, expect, it } from 'vitest';
import { brandColours, contrastRatio, DEFAULT_ACCENT } from './brand-colours.js';

describe('brand colours', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio(DEFAULT_ACCENT, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps an accent that reads, and falls back to Roster’s for anything that is not #rrggbb', () => {
    expect(brandColours('#C2185B')).toEqual({ fill: '#c2185b', onFill: '#ffffff', text: '#c2185b' });
    for (const bad of [null, undefined, '', 'red', '#fff', 'url(x)', '#12345g']) expect(brandColours(bad).fill).toBe(DEFAULT_ACCENT);
  });

  it('makes every accent readable: text on the fill and the accent as text on white both reach 4.5:1', () => {
    for (const accent of ['#ffd700', '#ffffff', '#00ff00', '#3d7be0', '#000000', '#7fdbff', '#ff851b', '#2563c9']) {
      const c = brandColours(accent);
      expect(contrastRatio(c.fill, c.onFill), accent).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(c.text, '#ffffff'), accent).toBeGreaterThanOrEqual(4.5);
    }
    expect(brandColours('#ffd700').onFill).toBe('#111827');
  });
});
