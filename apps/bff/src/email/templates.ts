import { DEFAULT_PRODUCT_NAME, brandColours } from '@roster/contract';
import { directionOf, languageOf, type PersonLanguage } from '../lib/language.js';
import { escapeHtml } from '../lib/escape-html.js';
import { emailCatalogues } from './catalogues/index.js';

/**
 * Transactional emails. Links are always built from the tenant's link base (set by the operator) or the configured
 * public URL (ROSTER_PUBLIC_URL), never from the request's Host header. Names are HTML-escaped. Each email wears its
 * tenant's brand: the product name (never "Roster" for a white-labelled tenant), logo and accent colour. Each speaks
 * its recipient's language (`catalogues/`; Arabic right to left), dates and numbers through Intl.
 */
export interface Email {
  subject: string;
  text: string;
  html: string;
}

/** How a tenant's emails look (white-label). Messages queued before branding existed have none: the default. */
export interface EmailBrand {
  productName: string;
  logoUrl: string | null;
  accentColor: string | null;
}
export const defaultEmailBrand: EmailBrand = { productName: DEFAULT_PRODUCT_NAME, logoUrl: null, accentColor: null };

const esc = escapeHtml;

/** The link's lifetime as the language says it ("in 14 days", "in 3 Stunden"): whole days from two days on. */
function lifetime(expiresAt: string, lang: PersonLanguage): string {
  const hours = Math.max(1, Math.round((Date.parse(expiresAt) - Date.now()) / 3600_000));
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'always' });
  return hours >= 48 && hours % 24 === 0 ? rtf.format(hours / 24, 'day') : rtf.format(hours, 'hour');
}

function render(o: { lang: PersonLanguage; greeting: string; lines: string[]; action: string | null; link: string | null; footer: string; brand: EmailBrand }): { text: string; html: string } {
  const shown = o.link ?? emailCatalogues[o.lang].linkNotKept;
  const product = o.brand.productName;
  // Only #rrggbb reaches a style attribute (brandColours checks again), made readable whatever the tenant chose.
  const colours = brandColours(o.brand.accentColor);
  const text = `${o.greeting}\n\n${o.lines.join('\n\n')}\n\n${o.action === null ? '' : `${o.action}: ${shown}\n\n`}${o.footer}\n\n— ${product}\n`;
  const masthead = o.brand.logoUrl
    ? `<p style="margin:0 0 20px"><img src="${esc(o.brand.logoUrl)}" alt="${esc(product)}" style="max-height:40px;max-width:200px;border:0"></p>`
    : `<p style="margin:0 0 20px;font-size:18px;font-weight:700;color:${colours.text}">${esc(product)}</p>`;
  const button = o.action === null
    ? ''
    : o.link
    ? `<p><a href="${esc(o.link)}" style="display:inline-block;background:${colours.fill};color:${colours.onFill};padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${esc(o.action)}</a></p>`
    : `<p><strong>${esc(o.action)}</strong>: ${esc(shown)}</p>`;
  // A link reads left to right inside right-to-left text.
  const shownLink = o.link ? `<br><a href="${esc(o.link)}" dir="ltr" style="color:${colours.text}">${esc(o.link)}</a>` : '';
  const dir = directionOf(o.lang);
  const html = `<!doctype html><html lang="${o.lang}" dir="${dir}"><body dir="${dir}" style="font-family:system-ui,sans-serif;background:#f4f6f9;padding:24px;color:#1c2430">
<div style="max-width:560px;margin:auto;background:#fff;border-radius:10px;padding:28px;border-top:4px solid ${colours.fill}">
${masthead}<p>${esc(o.greeting)}</p>${o.lines.map((l) => `<p>${esc(l)}</p>`).join('')}
${button}
<p style="font-size:13px;color:#5b6678">${esc(o.footer)}${shownLink}</p>
<p style="font-size:13px;color:#5b6678">— ${esc(product)}</p></div></body></html>`;
  return { text, html };
}

/** The link of a one-time token; null (no token: the message was sent and scrubbed) gives no link. */
const link = (publicUrl: string, path: string, token: string | null) => (token === null ? null : `${publicUrl.replace(/\/+$/, '')}${path}?token=${encodeURIComponent(token)}`);

/** `language` is the recipient user's setting: English, German and Arabic are written; anything else reads English. */
export function invitationEmail(o: { publicUrl: string; brand?: EmailBrand; tenantName: string; firstName: string; token: string | null; expiresAt: string; language: string }): Email {
  const lang = languageOf(o.language);
  const w = emailCatalogues[lang];
  const brand = o.brand ?? defaultEmailBrand;
  const body = render({
    lang,
    brand,
    greeting: w.greeting(o.firstName),
    lines: [w.invitation.body(o.tenantName)],
    action: w.invitation.action,
    link: link(o.publicUrl, '/accept-invitation', o.token),
    footer: w.linkExpires(lifetime(o.expiresAt, lang)),
  });
  return { subject: w.invitation.subject(o.tenantName), ...body };
}

export function passwordResetEmail(o: { publicUrl: string; brand?: EmailBrand; firstName: string; token: string | null; expiresAt: string; language: string }): Email {
  const lang = languageOf(o.language);
  const w = emailCatalogues[lang];
  const brand = o.brand ?? defaultEmailBrand;
  const body = render({
    lang,
    brand,
    greeting: w.greeting(o.firstName),
    lines: [w.passwordReset.body],
    action: w.passwordReset.action,
    link: link(o.publicUrl, '/reset-password', o.token),
    footer: `${w.linkExpires(lifetime(o.expiresAt, lang))} ${w.passwordReset.notAsked}`,
  });
  return { subject: w.passwordReset.subject(brand.productName), ...body };
}

export function emailChangeEmail(o: { publicUrl: string; brand?: EmailBrand; firstName: string; token: string | null; expiresAt: string; newEmail: string; language: string }): Email {
  const lang = languageOf(o.language);
  const w = emailCatalogues[lang];
  const brand = o.brand ?? defaultEmailBrand;
  const body = render({
    lang,
    brand,
    greeting: w.greeting(o.firstName),
    lines: [w.emailChange.body(o.newEmail)],
    action: w.emailChange.action,
    link: link(o.publicUrl, '/confirm-email', o.token),
    footer: w.linkExpires(lifetime(o.expiresAt, lang)),
  });
  return { subject: w.emailChange.subject(brand.productName), ...body };
}

/** The emails that carry a one-time token's link. Their token is never stored in clear (see `email/outbox.ts`). */
export const linkTemplates = ['invitation', 'password_reset', 'email_change'] as const;
export type LinkTemplate = (typeof linkTemplates)[number];
export const isLinkTemplate = (t: string): t is LinkTemplate => (linkTemplates as readonly string[]).includes(t);

/** Each link email's parameters without its token: what the outbox keeps (in `payload`) to render it when sent. */
export interface LinkParameters {
  invitation: Omit<Parameters<typeof invitationEmail>[0], 'token'>;
  password_reset: Omit<Parameters<typeof passwordResetEmail>[0], 'token'>;
  email_change: Omit<Parameters<typeof emailChangeEmail>[0], 'token'>;
}
export type InvitationParameters = LinkParameters['invitation'];

/** A link email from its parameters and token (null: rendered without its link). */
export function renderLinkEmail<T extends LinkTemplate>(template: T, params: LinkParameters[T], token: string | null): Email {
  switch (template) {
    case 'invitation':
      return invitationEmail({ ...(params as LinkParameters['invitation']), token });
    case 'password_reset':
      return passwordResetEmail({ ...(params as LinkParameters['password_reset']), token });
    case 'email_change':
      return emailChangeEmail({ ...(params as LinkParameters['email_change']), token });
  }
  throw new Error(`Unknown link template ${String(template)}`);
}

/** Tells the owner that sign-in was locked after failed attempts (the sign-in answer itself says nothing). No token. */
export function accountLockedEmail(o: { publicUrl: string; brand: EmailBrand; tenantId: string; firstName: string; failures: number; lockedMinutes: number; language: string }): Email {
  const lang = languageOf(o.language);
  const w = emailCatalogues[lang];
  const brand = o.brand;
  const duration = new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(o.lockedMinutes);
  const body = render({
    lang,
    brand,
    greeting: w.greeting(o.firstName),
    lines: [w.accountLocked.body(new Intl.NumberFormat(lang).format(o.failures), duration), w.accountLocked.notYou],
    action: w.accountLocked.action,
    // The page needs the tenant to send the reset link in (and to wear its brand).
    link: `${o.publicUrl.replace(/\/+$/, '')}/forgot-password?tenant=${encodeURIComponent(o.tenantId)}`,
    footer: w.accountLocked.footer,
  });
  return { subject: w.accountLocked.subject(brand.productName), ...body };
}

/** After a "view as" session (sent when it ends): who looked at the account as the person, when, for how long. No link. */
export function impersonatedEmail(o: { brand: EmailBrand; firstName: string; admin: string; startedAt: string; minutes: number; language: string; timeZone?: string | null }): Email {
  const lang = languageOf(o.language);
  const w = emailCatalogues[lang];
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'long', timeZone: o.timeZone || 'UTC' }).format(new Date(o.startedAt));
  const duration = new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(o.minutes);
  const body = render({ lang, brand: o.brand, greeting: w.greeting(o.firstName), lines: [w.impersonated.body(o.admin, when, duration)], action: null, link: null, footer: w.impersonated.footer });
  return { subject: w.impersonated.subject(o.brand.productName), ...body };
}

/** An administrator's test email (`POST /v1/users/:id/test-email`, `POST /v1/email-tests`): no link, nothing to do. */
export function testEmail(o: { brand: EmailBrand; firstName: string | null; language: string }): Email {
  const lang = languageOf(o.language);
  const w = emailCatalogues[lang];
  const product = o.brand.productName;
  const body = render({ lang, brand: o.brand, greeting: o.firstName ? w.greeting(o.firstName) : w.testEmail.hello, lines: [w.testEmail.body(product)], action: null, link: null, footer: w.testEmail.footer });
  return { subject: w.testEmail.subject(product), ...body };
}
