/**
 * What every self-service page shares: the brand's masthead and colours (also handed to Roster's elements as their
 * `--roster-*` tokens), `<html lang dir>`, the page's words handed to its script as data, and the small script every
 * page runs (errors by field, the repeated password, busy buttons). The pages themselves are in account-pages.ts.
 */
import { escapeHtml } from '@roster/bff';
import { brandColours } from '@roster/contract';
import { directionOf, type PersonLanguage } from '@roster/bff';
import { pageCatalogues, type PageWords } from './words/index.js';

export const esc = escapeHtml;

/** The branding a page shows (`GET /v1/public/branding`). */
export interface PageBrand {
  productName: string;
  logoUrl: string | null;
  accentColor: string | null;
}

/** Who a page is for: the tenant's brand and the language it speaks. */
export interface PageFor {
  brand: PageBrand;
  lang: PersonLanguage;
}

/** Data for a page's script, safe inside `<script>` (no `</script>` can close it). */
export const scriptData = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function masthead(brand: PageBrand): string {
  return brand.logoUrl
    ? `<header class="brand"><img src="${esc(brand.logoUrl)}" alt="${esc(brand.productName)}"></header>`
    : `<header class="brand"><p>${esc(brand.productName)}</p></header>`;
}

/** `wide`: a page that hosts an element (/account's `<account-panel>`) rather than a short form. */
export interface LayoutOptions {
  wide?: boolean;
}

export function layout({ brand, lang }: PageFor, title: string, body: string, script: string, options: LayoutOptions = {}): string {
  // Only #rrggbb reaches the style sheet (brandColours checks again), made readable: text on the accent, and the
  // accent as text on white, reach 4.5:1 whatever colour the tenant chose. An element writes in its accent too (badges,
  // the focus ring), so it gets the accent that reads as text on white, with white on its buttons.
  const colours = brandColours(brand.accentColor);
  return `<!doctype html>
<html lang="${lang}" dir="${directionOf(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} — ${esc(brand.productName)}</title>
<style>
  :root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1c2430; --accent: ${colours.fill}; --on-accent: ${colours.onFill}; --accent-text: ${colours.text}; --roster-accent: ${colours.text}; --roster-accent-text: #fff; }
  header.brand { margin-block: 0 1.25rem; } header.brand img { max-height: 40px; max-width: 200px; display: block; }
  header.brand p { margin: 0; font-weight: 700; font-size: 1.1rem; color: var(--accent-text); }
  body { margin: 0; background: #eef1f5; min-height: 100vh; display: grid; place-items: start center; }
  main { background: #fff; margin-block: 4rem; margin-inline: 1rem; padding-block: 2rem; padding-inline: 2.25rem; border-radius: 12px; box-shadow: 0 2px 14px rgba(20,40,80,.08); width: min(30rem, 100%); box-sizing: border-box; }
  h1 { font-size: 1.35rem; margin-block: 0 .35rem; } p.lead { color: #52607a; margin-block: 0 1.25rem; }
  label { display: block; font-weight: 600; font-size: .9rem; margin-block: .9rem .3rem; }
  input, select { inline-size: 100%; box-sizing: border-box; font: inherit; padding: .55rem .65rem; border: 1px solid #b9c2cf; border-radius: 6px; }
  input:focus-visible, select:focus-visible, button:focus-visible { outline: 3px solid #9cc0f5; outline-offset: 1px; }
  .hint { font-size: .8rem; color: #5d6a80; margin-block-start: .25rem; }
  .error { color: #a3202b; font-size: .85rem; margin-block-start: .3rem; min-block-size: 1em; }
  button { margin-block-start: 1.25rem; font: inherit; font-weight: 600; background: var(--accent); color: var(--on-accent); border: 0; border-radius: 6px; padding-block: .6rem; padding-inline: 1.1rem; cursor: pointer; }
  button[disabled] { opacity: .6; cursor: progress; }
  .actions { display: flex; flex-wrap: wrap; gap: 1.25rem; align-items: baseline; }
  a.button { display: inline-block; font-weight: 600; background: var(--accent); color: var(--on-accent); border-radius: 6px; padding-block: .6rem; padding-inline: 1.1rem; text-decoration: none; }
  button.secondary { background: #e6ebf2; color: #1c2430; }
  .banner { padding-block: .7rem; padding-inline: .9rem; border-radius: 8px; margin-block-start: 1rem; }
  .banner.ok { background: #e4f5ea; color: #155c2f; } .banner.bad { background: #fbe7e9; color: #8a1c26; }
  .qr svg { inline-size: 200px; block-size: 200px; display: block; margin-block: .75rem; }
  code { background: #f1f3f6; padding-block: .1rem; padding-inline: .35rem; border-radius: 4px; word-break: break-all; }
  /* Addresses, codes and keys read left to right, in Arabic too. */
  input[type=email], input[inputmode=numeric], code { direction: ltr; }
  main.wide { width: min(56rem, 100%); }
  .account-head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: start; gap: .5rem 1rem; margin-block-end: 1rem; }
  .account-head p.lead { margin-block-end: 0; overflow-wrap: anywhere; } .account-head button { margin-block-start: 0; }
  @media (max-width: 40rem) { main.wide { margin-block: 1rem; margin-inline: .5rem; padding-block: 1.25rem; padding-inline: 1rem; } }
</style></head>
<body><main${options.wide ? ' class="wide"' : ''}>${masthead(brand)}${body}</main>
<script type="module">
const t = ${scriptData(pageCatalogues[lang].script)};
const $ = (sel) => document.querySelector(sel);
const params = new URLSearchParams(location.search);
async function call(path, body, method = 'POST') {
  // The API answers its messages in the page's language.
  const res = await fetch(path, { method, headers: { 'content-type': 'application/json', 'accept-language': document.documentElement.lang }, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  return { ok: res.ok, status: res.status, data };
}
/** Puts each issue next to its field (by the last part of its path), or in the banner. */
function showErrors(form, data) {
  form.querySelectorAll('.error').forEach((e) => (e.textContent = ''));
  const banner = form.querySelector('[role=alert]');
  const issues = data?.error?.issues ?? [];
  let placed = false;
  for (const issue of issues) {
    const field = issue.path[issue.path.length - 1];
    const slot = form.querySelector('[data-field="' + field + '"]') ?? form.querySelector('#' + field + '-error');
    if (slot) { slot.textContent = issue.message; placed = true; }
  }
  banner.className = 'banner bad';
  banner.textContent = placed && issues.length ? t.fixFields : (data?.error?.message ?? t.somethingWrong);
}
/** The link died after the page opened (used in another tab, expired, replaced): loaded again, the page says how. */
function linkDied(data) { return (data?.error?.issues ?? []).some((i) => i.path[i.path.length - 1] === 'token'); }
/** A success note with a link to the login page. */
function doneWithLogin(el, text) {
  const a = document.createElement('a'); a.href = '/login'; a.textContent = t.logIn;
  el.replaceChildren(text + ' ', a);
}
/** The new password and its repetition differ: said at the repetition, before anything is sent. */
function repeatDiffers(form) {
  form.querySelectorAll('.error').forEach((e) => (e.textContent = ''));
  if ($('#password').value === $('#confirm').value) return false;
  $('#confirm-error').textContent = t.passwordsDiffer;
  $('#confirm').focus();
  return true;
}
function busy(form, on) { form.querySelector('button[type=submit]').disabled = on; }
${script}
</script></body></html>`;
}

/** A page's words: the catalogue of its language. */
export const wordsOf = (page: PageFor): PageWords => pageCatalogues[page.lang];
