import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core over a whole page (shadow roots included), WCAG 2.x A and AA rules and best practices, contrast included.
 * axe is evaluated through the DevTools protocol, so a page's strict CSP does not stop it. Returns one line per
 * violation and per contrast axe could not decide (icon glyphs and one-character texts aside, which axe cannot call
 * text), and fails if the contrast rule checked nothing. `context`: the document, a selector, or a path of selectors
 * into shadow roots (`['user-table', 'roster-user-sheet']`).
 */
export async function axeProblems(page: Page, context: string | string[] = 'document'): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    // A path of selectors reaches into shadow roots (axe's own context form): a modal dialog inside an element, whose
    // page behind is inert and partly covered, is checked alone.
    const target = Array.isArray(selector) ? { include: [{ fromShadowDom: selector }] } : selector === 'document' ? document : document.querySelector(selector)!;
    const r = await axe.run(target as Element, { resultTypes: ['violations', 'incomplete'] });
    const contrastRan = [...r.passes, ...r.violations].some((x) => x.id === 'color-contrast' && x.nodes.length > 0);
    const undecided = r.incomplete
      .filter((x) => x.id === 'color-contrast')
      .flatMap((x) => x.nodes)
      .filter((n) => !n.any.some((c) => ['nonBmp', 'shortTextContent'].includes((c.data as { messageKey?: string } | null)?.messageKey ?? '')));
    return [
      ...r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary}`).join(' | ')}`),
      ...undecided.map((n) => `undecided contrast: ${n.target.join(' ')}`),
      ...(contrastRan ? [] : ['color-contrast checked nothing']),
    ];
  }, context);
}
