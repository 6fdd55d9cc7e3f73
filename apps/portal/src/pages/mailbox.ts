/**
 * The demo mailbox: with no SMTP configured (the embedded default) messages stay in the outbox, and this page
 * shows them so their links can be followed; likewise text messages without SMS_URL, a queued one with its code. Only served in demo mode, only for the demo tenant.
 */
import { escapeHtml } from '@roster/bff';

const esc = escapeHtml;

const frame = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} — Demo mailbox</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: #eef1f5; color: #1c2430; }
  header { background: #17233a; color: #fff; padding: .9rem 1.5rem; display: flex; gap: 1.5rem; align-items: center; }
  header a { color: #c9d4e5; } main { max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
  table { width: 100%; border-collapse: collapse; background: #fff; border-radius: 8px; overflow: hidden; }
  th, td { text-align: left; padding: .6rem .8rem; border-bottom: 1px solid #e3e7ee; font-size: .9rem; }
  th { background: #f5f7fa; } h2 { margin-top: 2rem; } .sms { font-family: ui-monospace, monospace; } .muted { color: #5b6678; } .empty { background: #fff; padding: 2rem; border-radius: 8px; text-align: center; color: #5b6678; }
  iframe { width: 100%; height: 32rem; border: 1px solid #d8dde3; border-radius: 8px; background: #fff; }
</style></head><body><header><strong>Demo mailbox</strong><a href="/">← Back to the portal</a></header><main>${body}</main></body></html>`;

/** A message never to be sent, as the mailbox says it: refused by the mail server, or held back for a suppressed address. */
const NOT_SENT: Record<string, string> = { rejected: 'Refused by the mail server', suppressed: 'Not sent: suppressed address', gave_up: 'Given up after retries' };

/** A text message of the SMS outbox as the mailbox lists it: its text while queued (the code readable), none once sent. */
export interface MailboxText {
  id: number;
  to_number: string;
  body: string | null;
  created_at: string;
  sent_at: string | null;
  last_error: string | null;
}

function textsSection(texts: readonly MailboxText[]): string {
  if (texts.length === 0) return '<h2 id="texts">Text messages</h2><p class="empty">No text messages yet. Someone who signs in with text messages gets their codes here.</p>';
  const rows = texts
    .map((m) => {
      const text = m.body !== null ? `<span class="sms" data-sms-id="${m.id}">${esc(m.body)}</span>` : '<span class="muted">(sent; the text is not kept)</span>';
      const state = m.sent_at ? 'sent' : m.last_error ? `queued (last try: ${esc(m.last_error)})` : 'queued';
      return `<tr><td>${esc(m.to_number)}</td><td>${text}</td><td class="muted">${state}</td><td class="muted">${esc(new Date(m.created_at).toLocaleString('en'))}</td></tr>`;
    })
    .join('');
  return `<h2 id="texts">Text messages</h2><table aria-labelledby="texts"><thead><tr><th>To</th><th>Text</th><th>State</th><th>Time</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function mailboxListPage(
  messages: { id: number; to_address: string; subject: string; template: string; created_at: string; failure?: string | null; last_error?: string | null }[],
  texts: readonly MailboxText[] = [],
): string {
  const emails =
    messages.length === 0
      ? '<h2 id="emails">Email</h2><p class="empty">No messages yet. Invite a user and the invitation shows up here.</p>'
      : `<h2 id="emails">Email</h2><table aria-labelledby="emails"><thead><tr><th>Subject</th><th>To</th><th>Kind</th><th>Delivery</th><th>Time</th></tr></thead><tbody>${messages
          .map((m) => {
            const status = m.failure ? `<span title="${esc(m.last_error ?? '')}">${esc(NOT_SENT[m.failure] ?? m.failure)}</span>` : '';
            return `<tr><td><a href="/mailbox/${m.id}">${esc(m.subject)}</a></td><td>${esc(m.to_address)}</td><td class="muted">${esc(m.template)}</td><td class="muted">${status}</td><td class="muted">${esc(new Date(m.created_at).toLocaleString('en'))}</td></tr>`;
          })
          .join('')}</tbody></table>`;
  return frame('Mailbox', `<h1>Mailbox</h1><p class="muted">Messages Roster would have sent, newest first.</p>${emails}${textsSection(texts)}`);
}

export function mailboxMessagePage(m: { subject: string; to_address: string; html_body: string; text_body: string }): string {
  // The message's own HTML in a sandboxed frame; links open in the top window so they can be followed.
  const html = m.html_body.replace('<head>', '<head><base target="_top">').replace('<html>', '<html><head><base target="_top"></head>');
  return frame(m.subject, `<p><a href="/mailbox">← All messages</a></p><h1>${esc(m.subject)}</h1><p class="muted">To ${esc(m.to_address)}</p>
<iframe title="Message" sandbox="allow-top-navigation-by-user-activation allow-popups" srcdoc="${esc(html)}"></iframe>
<details><summary>Plain text</summary><pre>${esc(m.text_body)}</pre></details>`);
}
