import type { AxeResults, Result, RunOptions } from 'axe-core';
import { setViewport } from '@web/test-runner-commands';

declare global {
  interface Window {
    axe?: typeof import('axe-core');
  }
}

/** axe-core ships a UMD script: imported for its side effect, it registers `window.axe`. */
async function loadAxe(): Promise<typeof import('axe-core')> {
  // @ts-expect-error the minified script has no declarations of its own (its types are the package's).
  if (!window.axe) await import('axe-core/axe.min.js');
  if (!window.axe) throw new Error('axe-core did not register window.axe');
  return window.axe;
}

/**
 * axe checks the contrast of what is on screen only: in the describe block that calls it, the page is wide and tall
 * enough for a whole `<user-table>` row and an `<import-modal>` step (the runner's default is 800 × 600).
 */
export function useWideViewport(): void {
  before(() => setViewport({ width: 1800, height: 1200 }));
  after(() => setViewport({ width: 800, height: 600 }));
}

/**
 * A dark theme set on a wrapper the way a host would: only the public `--roster-*` tokens, and the wrapper's own
 * background (elements without a surface of their own, like `<role-picker>`, sit on it).
 */
export const DARK_THEME = [
  '--roster-surface: #141a24',
  '--roster-surface-alt: #1d2533',
  '--roster-text: #e6eaf2',
  '--roster-text-muted: #a4aec0',
  '--roster-border: #2e3848',
  '--roster-control-border: #75829a',
  '--roster-accent: #7aa7ff',
  '--roster-accent-text: #0b1220',
  '--roster-danger: #ff8f85',
  '--roster-success: #6fd394',
  '--roster-warning: #f2bd57',
  '--roster-shadow: 0 10px 40px rgb(0 0 0 / 0.6)',
  '--roster-backdrop: rgb(0 0 0 / 0.6)',
  'color-scheme: dark',
  'background: #141a24',
  'color: #e6eaf2',
  'padding: 1px',
].join('; ');

const describe = (violations: Result[]) =>
  violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}\n    ${n.html.slice(0, 160)}`).join('\n')}`)
    .join('\n');

/**
 * Runs axe over an element, its shadow roots included, and fails on any violation. Colour contrast is the rule that
 * matters most for theming, so it must have run and checked text inside the element, and a contrast axe could not
 * decide (`incomplete`: text over an image, a gradient, an overlap) fails too rather than passing unseen; only an
 * icon glyph or a one-character cell, which axe cannot call text, is let through.
 */
export async function expectAccessible(el: Element, options: RunOptions = {}): Promise<AxeResults> {
  const axe = await loadAxe();
  const results = await axe.run(el, { ...options, rules: { 'color-contrast': { enabled: true }, ...options.rules }, resultTypes: ['violations', 'incomplete'] });
  const contrastRan = [...results.passes, ...results.violations, ...results.incomplete].some((r) => r.id === 'color-contrast' && r.nodes.length > 0);
  // axe cannot tell whether an icon glyph (▲, ✕) or a one-character cell (a row number) is text: such nodes are left
  // undecided as nonBmp or shortTextContent; their colours are the very tokens checked on the text around them.
  const undecided = results.incomplete
    .filter((r) => r.id === 'color-contrast')
    .map((r) => ({ ...r, nodes: r.nodes.filter((n) => !n.any.some((c) => ['nonBmp', 'shortTextContent'].includes((c.data as { messageKey?: string } | null)?.messageKey ?? ''))) }))
    .filter((r) => r.nodes.length > 0);
  const problems = [...results.violations, ...undecided];
  if (problems.length) throw new Error(`axe found ${problems.length} problem(s) in <${el.localName}>:\n${describe(problems)}`);
  if (!contrastRan) throw new Error(`axe's color-contrast rule checked no text in <${el.localName}>`);
  return results;
}
