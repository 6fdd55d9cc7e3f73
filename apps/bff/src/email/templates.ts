/**
 * Transactional emails. Links are always built from the configured public URL (ROSTER_PUBLIC_URL), never from
 * the request's Host header. Names are HTML-escaped.
 */
export interface Email {
  subject: string;
  text: string;
  html: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function lifetime(expiresAt: string, de: boolean): string {
  const hours = Math.max(1, Math.round((Date.parse(expiresAt) - Date.now()) / 3600_000));
  if (hours >= 48 && hours % 24 === 0) return de ? `${hours / 24} Tagen` : `${hours / 24} days`;
  return de ? `${hours} ${hours === 1 ? 'Stunde' : 'Stunden'}` : `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

/** Shown instead of the link once it is no longer kept (after sending, the token is removed from the outbox). */
const LINK_NOT_KEPT = { en: '(the link was sent by email and is not kept)', de: '(der Link wurde per E-Mail gesendet und wird nicht aufbewahrt)' };

function render(o: { greeting: string; lines: string[]; action: string; link: string | null; de: boolean; footer: string }): { text: string; html: string } {
  const shown = o.link ?? (o.de ? LINK_NOT_KEPT.de : LINK_NOT_KEPT.en);
  const text = `${o.greeting}\n\n${o.lines.join('\n\n')}\n\n${o.action}: ${shown}\n\n${o.footer}\n`;
  const button = o.link
    ? `<p><a href="${esc(o.link)}" style="display:inline-block;background:#2f6fdf;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${esc(o.action)}</a></p>`
    : `<p><strong>${esc(o.action)}</strong>: ${esc(shown)}</p>`;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;background:#f4f6f9;padding:24px;color:#1c2430">
<div style="max-width:560px;margin:auto;background:#fff;border-radius:10px;padding:28px">
<p>${esc(o.greeting)}</p>${o.lines.map((l) => `<p>${esc(l)}</p>`).join('')}
${button}
<p style="font-size:13px;color:#5b6678">${esc(o.footer)}${o.link ? `<br><a href="${esc(o.link)}">${esc(o.link)}</a>` : ''}</p></div></body></html>`;
  return { text, html };
}

/** The link of a one-time token; null (no token: the message was sent and scrubbed) gives no link. */
const link = (publicUrl: string, path: string, token: string | null) => (token === null ? null : `${publicUrl.replace(/\/+$/, '')}${path}?token=${encodeURIComponent(token)}`);

export function invitationEmail(o: { publicUrl: string; tenantName: string; firstName: string; token: string | null; expiresAt: string; language: string }): Email {
  const de = o.language === 'de';
  const body = render({
    greeting: de ? `Hallo ${o.firstName},` : `Hello ${o.firstName},`,
    lines: [de ? `Sie wurden zu ${o.tenantName} eingeladen. Legen Sie ein Passwort fest und richten Sie die Zwei-Faktor-Anmeldung ein.` : `You have been invited to ${o.tenantName}. Set a password and two-factor sign-in to finish your account.`],
    action: de ? 'Einladung annehmen' : 'Accept invitation',
    link: link(o.publicUrl, '/accept-invitation', o.token),
    de,
    footer: de ? `Dieser Link läuft in ${lifetime(o.expiresAt, true)} ab.` : `This link expires in ${lifetime(o.expiresAt, false)}.`,
  });
  return { subject: de ? `Einladung zu ${o.tenantName}` : `You're invited to ${o.tenantName}`, ...body };
}

export function passwordResetEmail(o: { publicUrl: string; firstName: string; token: string | null; expiresAt: string; language: string }): Email {
  const de = o.language === 'de';
  const body = render({
    greeting: de ? `Hallo ${o.firstName},` : `Hello ${o.firstName},`,
    lines: [de ? 'Setzen Sie über den folgenden Link ein neues Passwort.' : 'Use the link below to choose a new password.'],
    action: de ? 'Neues Passwort festlegen' : 'Choose a new password',
    link: link(o.publicUrl, '/reset-password', o.token),
    de,
    footer: de ? `Dieser Link läuft in ${lifetime(o.expiresAt, true)} ab. Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.` : `This link expires in ${lifetime(o.expiresAt, false)}. If you did not ask for this, ignore this email.`,
  });
  return { subject: de ? 'Neues Passwort festlegen' : 'Choose a new password', ...body };
}

export function emailChangeEmail(o: { publicUrl: string; firstName: string; token: string | null; expiresAt: string; newEmail: string; language: string }): Email {
  const de = o.language === 'de';
  const body = render({
    greeting: de ? `Hallo ${o.firstName},` : `Hello ${o.firstName},`,
    lines: [de ? `Bestätigen Sie ${o.newEmail} als neue E-Mail-Adresse Ihres Kontos.` : `Confirm ${o.newEmail} as the new email address of your account.`],
    action: de ? 'Adresse bestätigen' : 'Confirm address',
    link: link(o.publicUrl, '/confirm-email', o.token),
    de,
    footer: de ? `Dieser Link läuft in ${lifetime(o.expiresAt, true)} ab.` : `This link expires in ${lifetime(o.expiresAt, false)}.`,
  });
  return { subject: de ? 'Neue E-Mail-Adresse bestätigen' : 'Confirm your new email address', ...body };
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
export function accountLockedEmail(o: { publicUrl: string; firstName: string; failures: number; lockedMinutes: number; language: string }): Email {
  const de = o.language === 'de';
  const body = render({
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
    link: `${o.publicUrl.replace(/\/+$/, '')}/forgot-password`,
    de,
    footer: de ? 'Ein Administrator kann das Konto auch sofort entsperren.' : 'An administrator can also unlock the account at once.',
  });
  return { subject: de ? 'Ihr Konto wurde gesperrt' : 'Your account was locked', ...body };
}
