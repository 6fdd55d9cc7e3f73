import { DEFAULT_PRODUCT_NAME } from '@roster/contract';

/**
 * Transactional emails. Links are always built from the tenant's link base (set by the operator) or the configured
 * public URL (ROSTER_PUBLIC_URL), never from the request's Host header. Names are HTML-escaped. Each email wears its
 * tenant's brand: the product name (never "Roster" for a white-labelled tenant), logo and accent colour.
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
const DEFAULT_ACCENT = '#2f6fdf';
/** The contract admits only `#rrggbb`; checked again because the value lands in a style attribute. */
const accentOf = (b: EmailBrand) => (b.accentColor && /^#[0-9a-f]{6}$/i.test(b.accentColor) ? b.accentColor : DEFAULT_ACCENT);

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function lifetime(expiresAt: string, de: boolean): string {
  const hours = Math.max(1, Math.round((Date.parse(expiresAt) - Date.now()) / 3600_000));
  if (hours >= 48 && hours % 24 === 0) return de ? `${hours / 24} Tagen` : `${hours / 24} days`;
  return de ? `${hours} ${hours === 1 ? 'Stunde' : 'Stunden'}` : `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

/** Shown instead of the link once it is no longer kept (after sending, the token is removed from the outbox). */
const LINK_NOT_KEPT = { en: '(the link was sent by email and is not kept)', de: '(der Link wurde per E-Mail gesendet und wird nicht aufbewahrt)' };

function render(o: { greeting: string; lines: string[]; action: string; link: string | null; de: boolean; footer: string; brand: EmailBrand }): { text: string; html: string } {
  const shown = o.link ?? (o.de ? LINK_NOT_KEPT.de : LINK_NOT_KEPT.en);
  const product = o.brand.productName;
  const accent = accentOf(o.brand);
  const text = `${o.greeting}\n\n${o.lines.join('\n\n')}\n\n${o.action}: ${shown}\n\n${o.footer}\n\n— ${product}\n`;
  const masthead = o.brand.logoUrl
    ? `<p style="margin:0 0 20px"><img src="${esc(o.brand.logoUrl)}" alt="${esc(product)}" style="max-height:40px;max-width:200px;border:0"></p>`
    : `<p style="margin:0 0 20px;font-size:18px;font-weight:700;color:${accent}">${esc(product)}</p>`;
  const button = o.link
    ? `<p><a href="${esc(o.link)}" style="display:inline-block;background:${accent};color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${esc(o.action)}</a></p>`
    : `<p><strong>${esc(o.action)}</strong>: ${esc(shown)}</p>`;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;background:#f4f6f9;padding:24px;color:#1c2430">
<div style="max-width:560px;margin:auto;background:#fff;border-radius:10px;padding:28px;border-top:4px solid ${accent}">
${masthead}<p>${esc(o.greeting)}</p>${o.lines.map((l) => `<p>${esc(l)}</p>`).join('')}
${button}
<p style="font-size:13px;color:#5b6678">${esc(o.footer)}${o.link ? `<br><a href="${esc(o.link)}" style="color:${accent}">${esc(o.link)}</a>` : ''}</p>
<p style="font-size:13px;color:#5b6678">— ${esc(product)}</p></div></body></html>`;
  return { text, html };
}

/** The link of a one-time token; null (no token: the message was sent and scrubbed) gives no link. */
const link = (publicUrl: string, path: string, token: string | null) => (token === null ? null : `${publicUrl.replace(/\/+$/, '')}${path}?token=${encodeURIComponent(token)}`);

export function invitationEmail(o: { publicUrl: string; brand?: EmailBrand; tenantName: string; firstName: string; token: string | null; expiresAt: string; language: string }): Email {
  const de = o.language === 'de';
  const brand = o.brand ?? defaultEmailBrand;
  const body = render({
    brand,
    greeting: de ? `Hallo ${o.firstName},` : `Hello ${o.firstName},`,
    lines: [de ? `Sie wurden zu ${o.tenantName} eingeladen. Legen Sie ein Passwort fest und richten Sie die Zwei-Faktor-Anmeldung ein.` : `You have been invited to ${o.tenantName}. Set a password and two-factor sign-in to finish your account.`],
    action: de ? 'Einladung annehmen' : 'Accept invitation',
    link: link(o.publicUrl, '/accept-invitation', o.token),
    de,
    footer: de ? `Dieser Link läuft in ${lifetime(o.expiresAt, true)} ab.` : `This link expires in ${lifetime(o.expiresAt, false)}.`,
  });
  return { subject: de ? `Einladung zu ${o.tenantName}` : `You're invited to ${o.tenantName}`, ...body };
}

export function passwordResetEmail(o: { publicUrl: string; brand?: EmailBrand; firstName: string; token: string | null; expiresAt: string; language: string }): Email {
  const de = o.language === 'de';
  const brand = o.brand ?? defaultEmailBrand;
  const body = render({
    brand,
    greeting: de ? `Hallo ${o.firstName},` : `Hello ${o.firstName},`,
    lines: [de ? 'Setzen Sie über den folgenden Link ein neues Passwort.' : 'Use the link below to choose a new password.'],
    action: de ? 'Neues Passwort festlegen' : 'Choose a new password',
    link: link(o.publicUrl, '/reset-password', o.token),
    de,
    footer: de ? `Dieser Link läuft in ${lifetime(o.expiresAt, true)} ab. Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.` : `This link expires in ${lifetime(o.expiresAt, false)}. If you did not ask for this, ignore this email.`,
  });
  return { subject: de ? `Neues Passwort für ${brand.productName} festlegen` : `Choose a new password for ${brand.productName}`, ...body };
}

export function emailChangeEmail(o: { publicUrl: string; brand?: EmailBrand; firstName: string; token: string | null; expiresAt: string; newEmail: string; language: string }): Email {
  const de = o.language === 'de';
  const brand = o.brand ?? defaultEmailBrand;
  const body = render({
    brand,
    greeting: de ? `Hallo ${o.firstName},` : `Hello ${o.firstName},`,
    lines: [de ? `Bestätigen Sie ${o.newEmail} als neue E-Mail-Adresse Ihres Kontos.` : `Confirm ${o.newEmail} as the new email address of your account.`],
    action: de ? 'Adresse bestätigen' : 'Confirm address',
    link: link(o.publicUrl, '/confirm-email', o.token),
    de,
    footer: de ? `Dieser Link läuft in ${lifetime(o.expiresAt, true)} ab.` : `This link expires in ${lifetime(o.expiresAt, false)}.`,
  });
  return { subject: de ? `Neue E-Mail-Adresse für ${brand.productName} bestätigen` : `Confirm your new email address for ${brand.productName}`, ...body };
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
  const de = o.language === 'de';
  const brand = o.brand;
  const body = render({
    brand,
    greeting: de ? `Hallo ${o.firstName},` : `Hello ${o.firstName},`,
    lines: [
      de
        ? `Nach ${o.failures} fehlgeschlagenen Anmeldeversuchen ist Ihr Konto für ${o.lockedMinutes} Minuten gesperrt.`
        : `After ${o.failures} failed sign-in attempts your account is locked for ${o.lockedMinutes} minutes.`,
      de
        ? 'Waren das nicht Sie, setzen Sie Ihr Passwort zurück und informieren Sie Ihren Administrator.'
        : 'If this was not you, reset your password and tell your administrator.',
    ],
    action: de ? 'Passwort zurücksetzen' : 'Reset your password',
    // The page needs the tenant to send the reset link in (and to wear its brand).
    link: `${o.publicUrl.replace(/\/+$/, '')}/forgot-password?tenant=${encodeURIComponent(o.tenantId)}`,
    de,
    footer: de ? 'Ein Administrator kann das Konto auch sofort entsperren.' : 'An administrator can also unlock the account at once.',
  });
  return { subject: de ? `Ihr Konto bei ${brand.productName} wurde gesperrt` : `Your ${brand.productName} account was locked`, ...body };
}
