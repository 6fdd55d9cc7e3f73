import { html, svg, nothing, type TemplateResult } from 'lit';

/** The drawing of a QR code: its view box and paths, nothing else. */
export interface QrDrawing {
  viewBox: string;
  paths: { d: string; fill: string | null; stroke: string | null }[];
}

/**
 * The server's QR code comes as SVG markup (`qrCodeSvg`). Rather than put markup into the page, only the view box and
 * each path's `d`, `fill` and `stroke` are read from it and drawn again by a Lit template: no script, handler or link
 * of the markup can reach the page, and no `style` or `data:` URL is needed under a strict Content-Security-Policy.
 */
export function readQrCode(markup: string): QrDrawing | null {
  const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.localName !== 'svg' || doc.querySelector('parsererror')) return null;
  const viewBox = root.getAttribute('viewBox');
  if (!viewBox || !/^[\d.\s-]+$/.test(viewBox)) return null;
  const colour = (v: string | null) => (v && /^(#[0-9a-f]{3,8}|none)$/i.test(v) ? v : null);
  const paths = [...root.querySelectorAll('path')].map((p) => ({ d: p.getAttribute('d') ?? '', fill: colour(p.getAttribute('fill')), stroke: colour(p.getAttribute('stroke')) }));
  return paths.length ? { viewBox, paths: paths.filter((p) => /^[MmHhVvLlZz\d.\s-]+$/.test(p.d)) } : null;
}

/** Draws a QR code, as an image named `label`, dark on light whatever the theme (scanners need the contrast). */
export function qrCodeTemplate(drawing: QrDrawing, label: string): TemplateResult {
  // The <svg> element in an html`` template (the HTML parser makes it SVG); its paths are svg`` fragments.
  return html`<svg part="qr-code" class="qr" role="img" aria-label=${label} viewBox=${drawing.viewBox} shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
    ${drawing.paths.map((p) => svg`<path d=${p.d} fill=${p.fill ?? nothing} stroke=${p.stroke ?? nothing}></path>`)}</svg>`;
}
