/**
 * Roster's own pages for people (not admins): accept an invitation, log in, reset a password, confirm an email
 * change, and the self-service account page. Plain HTML and a little script: they call the same BFF routes as
 * any client. Tokens travel in the URL's query and are POSTed by the page; opening a link (GET, as a mail
 * scanner does) never spends it. Each page wears the brand of the tenant it is for (white-label: a branded
 * tenant's people never see the name Roster): `GET /v1/public/branding` of the link's token, the tenant id or the
 * session.
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The branding a page shows (`GET /v1/public/branding`). */
export interface PageBrand {
  productName: string;
  logoUrl: string | null;
  accentColor: string | null;
}

// Roster's default accent: 5.2:1 against white, for text on white and white text on it (WCAG AA).
const DEFAULT_ACCENT = '#2563c9';

function masthead(brand: PageBrand): string {
  return brand.logoUrl
    ? `<header class="brand"><img src="${esc(brand.logoUrl)}" alt="${esc(brand.productName)}"></header>`
    : `<header class="brand"><p>${esc(brand.productName)}</p></header>`;
}

function layout(brand: PageBrand, title: string, body: string, script: string): string {
  // The contract admits only #rrggbb; checked again because it lands in a style sheet.
  const accent = brand.accentColor && /^#[0-9a-f]{6}$/i.test(brand.accentColor) ? brand.accentColor : DEFAULT_ACCENT;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} — ${esc(brand.productName)}</title>
<style>
  :root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1c2430; --accent: ${accent}; }
  header.brand { margin: 0 0 1.25rem; } header.brand img { max-height: 40px; max-width: 200px; display: block; }
  header.brand p { margin: 0; font-weight: 700; font-size: 1.1rem; color: var(--accent); }
  body { margin: 0; background: #eef1f5; min-height: 100vh; display: grid; place-items: start center; }
  main { background: #fff; margin: 4rem 1rem; padding: 2rem 2.25rem; border-radius: 12px; box-shadow: 0 2px 14px rgba(20,40,80,.08); width: min(30rem, 100%); box-sizing: border-box; }
  h1 { font-size: 1.35rem; margin: 0 0 .35rem; } p.lead { color: #52607a; margin: 0 0 1.25rem; }
  label { display: block; font-weight: 600; font-size: .9rem; margin: .9rem 0 .3rem; }
  input, select { width: 100%; box-sizing: border-box; font: inherit; padding: .55rem .65rem; border: 1px solid #b9c2cf; border-radius: 6px; }
  input:focus-visible, select:focus-visible, button:focus-visible { outline: 3px solid #9cc0f5; outline-offset: 1px; }
  .hint { font-size: .8rem; color: #5d6a80; margin-top: .25rem; }
  .error { color: #a3202b; font-size: .85rem; margin-top: .3rem; min-height: 1em; }
  button { margin-top: 1.25rem; font: inherit; font-weight: 600; background: var(--accent); color: #fff; border: 0; border-radius: 6px; padding: .6rem 1.1rem; cursor: pointer; }
  button[disabled] { opacity: .6; cursor: progress; }
  button.secondary { background: #e6ebf2; color: #1c2430; }
  .banner { padding: .7rem .9rem; border-radius: 8px; margin-top: 1rem; }
  .banner.ok { background: #e4f5ea; color: #155c2f; } .banner.bad { background: #fbe7e9; color: #8a1c26; }
  .qr svg { width: 200px; height: 200px; display: block; margin: .75rem 0; }
  code { background: #f1f3f6; padding: .1rem .35rem; border-radius: 4px; word-break: break-all; }
  .row { display: flex; gap: .75rem; } .row > * { flex: 1; }
</style></head>
<body><main>${masthead(brand)}${body}</main>
<script type="module">
const $ = (sel) => document.querySelector(sel);
const params = new URLSearchParams(location.search);
async function call(path, body, method = 'POST') {
  const res = await fetch(path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
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
  banner.textContent = placed && issues.length ? 'Please correct the marked fields.' : (data?.error?.message ?? 'Something went wrong. Please try again.');
}
function busy(form, on) { form.querySelector('button[type=submit]').disabled = on; }
${script}
</script></body></html>`;
}

export function acceptInvitationPage(brand: PageBrand): string {
  return layout(
    brand,
    'Accept your invitation',
    `<h1>Welcome to ${esc(brand.productName)}</h1><p class="lead">Set a password to finish creating your account.</p>
<form id="pw" novalidate>
  <label for="password">New password</label>
  <input id="password" type="password" autocomplete="new-password" required aria-describedby="password-error password-hint">
  <div class="hint" id="password-hint">At least 12 characters; a short sentence works well.</div>
  <div class="error" id="password-error"></div>
  <label for="confirm">Repeat the password</label>
  <input id="confirm" type="password" autocomplete="new-password" required aria-describedby="confirm-error">
  <div class="error" id="confirm-error"></div>
  <div id="token-error" class="error"></div>
  <div role="alert"></div>
  <button type="submit">Set password</button>
</form>
<form id="mfa" hidden novalidate>
  <h2>Set up two-factor authentication</h2>
  <p>Scan this code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…), then type the six-digit code it shows.</p>
  <div class="qr" id="qr"></div>
  <p class="hint">Can't scan? Enter this key: <code id="secret"></code></p>
  <label for="code">Six-digit code</label>
  <input id="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required aria-describedby="code-error">
  <div class="error" id="code-error"></div>
  <div role="alert"></div>
  <button type="submit">Confirm</button>
</form>
<div id="done" hidden class="banner ok" role="status">Your account is ready. <a href="/login">Log in</a></div>`,
    `let ticket = null;
$('#pw').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  if ($('#password').value !== $('#confirm').value) { $('#confirm-error').textContent = 'The passwords do not match.'; return; }
  busy(form, true);
  const r = await call('/v1/invitations/accept', { token: params.get('token') ?? '', password: $('#password').value });
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  form.hidden = true;
  if (r.data.status === 'active') { $('#done').hidden = false; return; }
  ticket = r.data.mfa.ticket;
  $('#qr').innerHTML = r.data.mfa.qrCodeSvg;
  $('#secret').textContent = r.data.mfa.secret;
  $('#mfa').hidden = false;
  $('#code').focus();
});
$('#mfa').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  const r = await call('/v1/invitations/confirm-mfa', { ticket, code: $('#code').value.trim() });
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  form.hidden = true;
  $('#done').hidden = false;
});`,
  );
}

export function loginPage(brand: PageBrand, defaultTenantId: string | null): string {
  return layout(
    brand,
    'Log in',
    `<h1>Log in</h1><p class="lead">Use your email or username.</p>
<form id="login" novalidate>
  <input type="hidden" id="tenant" value="${esc(defaultTenantId ?? '')}">
  <label for="login-name">Email or username</label>
  <input id="login-name" autocomplete="username" required aria-describedby="login-error">
  <div class="error" id="login-error"></div>
  <label for="password">Password</label>
  <input id="password" type="password" autocomplete="current-password" required aria-describedby="password-error">
  <div class="error" id="password-error"></div>
  <label for="code">Two-factor code</label>
  <input id="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" aria-describedby="code-error">
  <div class="error" id="code-error"></div>
  <div role="alert"></div>
  <button type="submit">Log in</button>
  <p class="hint"><a href="/forgot-password">Forgot your password?</a></p>
</form>
<form id="enrol" hidden novalidate>
  <h2>Set up two-factor authentication</h2>
  <p>Your account needs a second factor before you can sign in. Scan this code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…), then type the six-digit code it shows.</p>
  <div class="qr" id="qr"></div>
  <p class="hint">Can't scan? Enter this key: <code id="secret"></code></p>
  <label for="enrol-code">Six-digit code</label>
  <input id="enrol-code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required aria-describedby="enrol-code-error">
  <div class="error" id="enrol-code-error" data-field="code"></div>
  <div id="ticket-error" class="error"></div>
  <div role="alert"></div>
  <button type="submit">Confirm and sign in</button>
</form>`,
    `$('#login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  const code = $('#code').value.trim();
  const r = await call('/v1/auth/login', { tenantId: params.get('tenant') ?? $('#tenant').value, login: $('#login-name').value, password: $('#password').value, ...(code ? { code } : {}) });
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  if (r.data?.status === 'mfa_enrolment_required') {
    // The right password, but no second factor yet: enrol it here, then the session starts.
    enrolTicket = r.data.mfa.ticket;
    $('#qr').innerHTML = r.data.mfa.qrCodeSvg;
    $('#secret').textContent = r.data.mfa.secret;
    form.hidden = true;
    $('#enrol').hidden = false;
    $('#enrol-code').focus();
    return;
  }
  location.href = '/account';
});
let enrolTicket = null;
$('#enrol').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  const r = await call('/v1/auth/mfa/enrol', { ticket: enrolTicket, code: $('#enrol-code').value.trim() });
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  location.href = '/account';
});`,
  );
}

export function forgotPasswordPage(brand: PageBrand, defaultTenantId: string | null): string {
  return layout(
    brand,
    'Forgot password',
    `<h1>Reset your password</h1><p class="lead">We will email you a link.</p>
<form id="forgot" novalidate>
  <label for="email">Email</label>
  <input id="email" type="email" autocomplete="email" required aria-describedby="email-error">
  <div class="error" id="email-error"></div>
  <div role="alert"></div>
  <button type="submit">Send link</button>
</form>`,
    `$('#forgot').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  const r = await call('/v1/auth/forgot-password', { tenantId: params.get('tenant') ?? ${JSON.stringify(defaultTenantId ?? '')}, email: $('#email').value });
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  const b = form.querySelector('[role=alert]'); b.className = 'banner ok'; b.textContent = r.data.message;
});`,
  );
}

export function resetPasswordPage(brand: PageBrand): string {
  return layout(
    brand,
    'Choose a new password',
    `<h1>Choose a new password</h1><p class="lead">All your other sessions will be signed out.</p>
<form id="reset" novalidate>
  <label for="password">New password</label>
  <input id="password" type="password" autocomplete="new-password" required aria-describedby="password-error">
  <div class="error" id="password-error"></div>
  <div id="token-error" class="error"></div>
  <div role="alert"></div>
  <button type="submit">Save password</button>
</form>`,
    `$('#reset').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  const r = await call('/v1/auth/reset-password', { token: params.get('token') ?? '', password: $('#password').value });
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  const b = form.querySelector('[role=alert]'); b.className = 'banner ok'; b.innerHTML = 'Your password is saved. <a href="/login">Log in</a>';
});`,
  );
}

export function confirmEmailPage(brand: PageBrand): string {
  return layout(
    brand,
    'Confirm your new email',
    `<h1>Confirm your new email address</h1>
<form id="confirm" novalidate><p class="lead">Press the button to use this address for your account.</p>
  <div id="token-error" class="error"></div>
  <div role="alert"></div>
  <button type="submit">Confirm address</button>
</form>`,
    `$('#confirm').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  const r = await call('/v1/auth/confirm-email', { token: params.get('token') ?? '' });
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  const b = form.querySelector('[role=alert]'); b.className = 'banner ok'; b.innerHTML = 'Your email is now ' + r.data.email.replace(/</g, '&lt;') + '. <a href="/login">Log in</a>';
});`,
  );
}

const severityOptions = ['info', 'minor', 'moderate', 'major', 'critical'].map((v) => `<option value="${v}">${v[0]!.toUpperCase()}${v.slice(1)} and higher</option>`).join('');

export function accountPage(brand: PageBrand): string {
  return layout(
    brand,
    'Your account',
    `<h1>Your account</h1><p class="lead" id="who" aria-live="polite">Loading…</p>
<form id="profile" novalidate hidden>
  <div class="row"><div><label for="firstName">First name</label><input id="firstName" autocomplete="given-name" aria-describedby="firstName-error"><div class="error" id="firstName-error"></div></div>
  <div><label for="lastName">Last name</label><input id="lastName" autocomplete="family-name" aria-describedby="lastName-error"><div class="error" id="lastName-error"></div></div></div>
  <label for="phone">Mobile phone</label>
  <input id="phone" type="tel" autocomplete="tel" aria-describedby="phone-error phone-hint"><div class="hint" id="phone-hint">With the country code, e.g. +1 888 667 8888. Changing it signs you out everywhere.</div><div class="error" id="phone-error"></div>
  <label for="language">Language</label>
  <select id="language"><option value="en">English</option><option value="de">Deutsch</option><option value="fr">Français</option><option value="es">Español</option><option value="nl">Nederlands</option><option value="it">Italiano</option><option value="pt">Português</option></select>
  <label for="idleWarningMinutes">Idle warning after (minutes)</label>
  <input id="idleWarningMinutes" type="number" min="5" max="1440" aria-describedby="idleWarningMinutes-error"><div class="error" id="idleWarningMinutes-error"></div>
  <fieldset style="border:1px solid #dde2ea;border-radius:8px;margin-top:1rem"><legend>Alert notifications</legend>
    <div class="row"><label><input type="checkbox" id="emailEnabled" style="width:auto"> Email</label>
      <div><label for="emailSeverity">Minimum severity</label><select id="emailSeverity">${severityOptions}</select></div></div>
    <div class="row"><label><input type="checkbox" id="smsEnabled" style="width:auto"> SMS</label>
      <div><label for="smsSeverity">Minimum severity</label><select id="smsSeverity">${severityOptions}</select></div></div>
    <label for="schedule">When</label><select id="schedule"><option value="always">Any time</option><option value="business_hours">Business hours only</option></select>
    <div class="error" id="notificationPreferences-error"></div>
  </fieldset>
  <div role="alert"></div>
  <button type="submit">Save</button>
  <button type="button" class="secondary" id="logout">Log out</button>
</form>
<form id="password-form" novalidate hidden>
  <h2>Password</h2>
  <label for="currentPassword">Current password</label>
  <input id="currentPassword" type="password" autocomplete="current-password" aria-describedby="currentPassword-error"><div class="error" id="currentPassword-error"></div>
  <label for="pw-code">Current two-factor code</label>
  <input id="pw-code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" aria-describedby="pw-code-hint code-error"><div class="hint" id="pw-code-hint">From your authenticator app; a new code each time you confirm it is you.</div>
  <label for="newPassword">New password</label>
  <input id="newPassword" type="password" autocomplete="new-password" aria-describedby="newPassword-error"><div class="error" id="newPassword-error"></div>
  <div role="alert"></div>
  <button type="submit">Change password</button>
</form>
<form id="mfa-form" novalidate hidden>
  <h2>Two-factor authentication</h2>
  <p class="hint">Move to a new phone or authenticator app. You stay signed in with the current one until the new code is confirmed; then every session signs out.</p>
  <div id="mfa-proof"><label for="mfa-password">Current password</label><input id="mfa-password" type="password" autocomplete="current-password" aria-describedby="password-error"><div class="error" id="password-error"></div>
    <label for="mfa-current-code">Current two-factor code</label><input id="mfa-current-code" inputmode="numeric" autocomplete="one-time-code" maxlength="6"></div>
  <div id="mfa-setup" hidden><div class="qr" id="qr"></div><p class="hint">Key: <code id="secret"></code></p>
    <label for="code">Six-digit code from the new app</label><input id="code" inputmode="numeric" maxlength="6" aria-describedby="code-error"><div class="error" id="code-error"></div></div>
  <div role="alert"></div>
  <button type="submit" id="mfa-button">Set up a new authenticator</button>
</form>`,
    `let me = null;
(async () => {
  const r = await call('/v1/auth/me', undefined, 'GET');
  if (!r.ok) { location.href = '/login'; return; }
  me = r.data;
  $('#who').textContent = me.firstName + ' ' + me.lastName + ' · ' + me.email;
  for (const f of ['firstName', 'lastName', 'phone', 'language', 'idleWarningMinutes']) $('#' + f).value = me[f] ?? '';
  const n = { organizations: 'all', organizationIds: [], email: { enabled: true, minSeverity: 'major', schedule: 'always' }, sms: { enabled: false, minSeverity: 'critical', schedule: 'always' }, ...(me.notificationPreferences ?? {}) };
  me.notificationPreferences = n;
  $('#emailEnabled').checked = n.email.enabled; $('#emailSeverity').value = n.email.minSeverity;
  $('#smsEnabled').checked = n.sms.enabled; $('#smsSeverity').value = n.sms.minSeverity; $('#schedule').value = n.email.schedule;
  $('#profile').hidden = false; $('#password-form').hidden = false; $('#mfa-form').hidden = false;
})();
$('#profile').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  const schedule = $('#schedule').value;
  const notificationPreferences = { ...me.notificationPreferences,
    email: { enabled: $('#emailEnabled').checked, minSeverity: $('#emailSeverity').value, schedule },
    sms: { enabled: $('#smsEnabled').checked, minSeverity: $('#smsSeverity').value, schedule } };
  const body = { firstName: $('#firstName').value, lastName: $('#lastName').value, phone: $('#phone').value || null, language: $('#language').value, idleWarningMinutes: Number($('#idleWarningMinutes').value), notificationPreferences };
  const r = await call('/v1/users/' + me.id, body, 'PATCH');
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  const b = form.querySelector('[role=alert]'); b.className = 'banner ok'; b.textContent = 'Saved.';
  if (body.phone !== me.phone) setTimeout(() => (location.href = '/login'), 1200);
  me = r.data;
});
$('#logout').addEventListener('click', async () => { await call('/v1/auth/logout'); location.href = '/login'; });
$('#password-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  const pwCode = $('#pw-code').value.trim();
  const r = await call('/v1/auth/change-password', { currentPassword: $('#currentPassword').value, newPassword: $('#newPassword').value, ...(pwCode ? { code: pwCode } : {}) });
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  location.href = '/login';
});
let mfaTicket = null;
$('#mfa-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  if (!mfaTicket) {
    // Replacing the second factor needs fresh proof: the current password and a current code.
    const current = $('#mfa-current-code').value.trim();
    const r = await call('/v1/auth/mfa/enrolment', { password: $('#mfa-password').value, ...(current ? { code: current } : {}) });
    busy(form, false);
    if (!r.ok) return showErrors(form, r.data);
    $('#mfa-proof').hidden = true;
    mfaTicket = r.data.ticket;
    $('#qr').innerHTML = r.data.qrCodeSvg; $('#secret').textContent = r.data.secret;
    $('#mfa-setup').hidden = false; $('#mfa-button').textContent = 'Confirm the new authenticator'; $('#code').focus();
    return;
  }
  const r = await call('/v1/auth/mfa/confirm', { ticket: mfaTicket, code: $('#code').value.trim() });
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  location.href = '/login';
});`,
  );
}
