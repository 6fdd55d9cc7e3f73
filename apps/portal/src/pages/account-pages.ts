/**
 * Roster's own pages for people (not admins): accept an invitation, log in, reset a password, confirm an email
 * change, and the self-service account page. Plain HTML and a little script: they call the same BFF routes as
 * any client. Tokens travel in the URL's query and are POSTed by the page; opening a link (GET, as a mail
 * scanner does) never spends it. Each page wears the brand of the tenant it is for (white-label: a branded
 * tenant's people never see the name Roster): `GET /v1/public/branding` of the link's token, the tenant id or the
 * session. Each speaks the language of the person it is for (their own setting, once the link or the session names
 * them), else the best of `Accept-Language`: English, German, or Arabic laid out right to left (`words/`).
 */
import type { LinkPurpose } from '@roster/contract';
import { esc, layout, scriptData, wordsOf, type PageFor } from './page-layout.js';
import type { DeadLinkState } from './words/en.js';

export type { PageBrand, PageFor } from './page-layout.js';

export function acceptInvitationPage(page: PageFor): string {
  const w = wordsOf(page);
  const a = w.acceptInvitation;
  return layout(
    page,
    a.title,
    `<h1>${esc(a.welcome(page.brand.productName))}</h1><p class="lead">${esc(a.lead)}</p>
<form id="pw" novalidate>
  <label for="password">${esc(w.common.newPassword)}</label>
  <input id="password" type="password" autocomplete="new-password" required aria-describedby="password-error password-hint">
  <div class="hint" id="password-hint">${esc(a.passwordHint)}</div>
  <div class="error" id="password-error"></div>
  <label for="confirm">${esc(a.repeatPassword)}</label>
  <input id="confirm" type="password" autocomplete="new-password" required aria-describedby="confirm-error">
  <div class="error" id="confirm-error"></div>
  <div role="alert"></div>
  <button type="submit">${esc(a.setPassword)}</button>
</form>
<form id="mfa" hidden novalidate>
  <h2>${esc(w.common.setUpTwoFactor)}</h2>
  <p>${esc(w.common.scanCode)}</p>
  <div class="qr" id="qr"></div>
  <p class="hint">${esc(w.common.cantScan)} <code id="secret"></code></p>
  <label for="code">${esc(w.common.sixDigitCode)}</label>
  <input id="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required aria-describedby="code-error">
  <div class="error" id="code-error"></div>
  <div role="alert"></div>
  <button type="submit">${esc(a.confirm)}</button>
</form>
<div id="done" hidden class="banner ok" role="status">${esc(a.ready)} <a href="/login">${esc(w.common.logIn)}</a></div>`,
    `let ticket = null;
$('#pw').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  if ($('#password').value !== $('#confirm').value) { $('#confirm-error').textContent = t.passwordsDiffer; return; }
  busy(form, true);
  const r = await call('/v1/invitations/accept', { token: params.get('token') ?? '', password: $('#password').value });
  busy(form, false);
  if (!r.ok) return linkDied(r.data) ? location.reload() : showErrors(form, r.data);
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

export function loginPage(page: PageFor, defaultTenantId: string | null): string {
  const w = wordsOf(page);
  const l = w.login;
  return layout(
    page,
    w.common.logIn,
    `<h1>${esc(w.common.logIn)}</h1><p class="lead">${esc(l.lead)}</p>
<form id="login" novalidate>
  <input type="hidden" id="tenant" value="${esc(defaultTenantId ?? '')}">
  <label for="login-name">${esc(l.loginName)}</label>
  <input id="login-name" autocomplete="username" required aria-describedby="login-error">
  <div class="error" id="login-error"></div>
  <label for="password">${esc(w.common.password)}</label>
  <input id="password" type="password" autocomplete="current-password" required aria-describedby="password-error">
  <div class="error" id="password-error"></div>
  <label for="code">${esc(l.twoFactorCode)}</label>
  <input id="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" aria-describedby="code-error">
  <div class="error" id="code-error"></div>
  <div role="alert"></div>
  <button type="submit">${esc(w.common.logIn)}</button>
  <p class="hint"><a href="/forgot-password">${esc(l.forgotPassword)}</a></p>
</form>
<form id="enrol" hidden novalidate>
  <h2>${esc(w.common.setUpTwoFactor)}</h2>
  <p>${esc(l.needsSecondFactor)} ${esc(w.common.scanCode)}</p>
  <div class="qr" id="qr"></div>
  <p class="hint">${esc(w.common.cantScan)} <code id="secret"></code></p>
  <label for="enrol-code">${esc(w.common.sixDigitCode)}</label>
  <input id="enrol-code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required aria-describedby="enrol-code-error">
  <div class="error" id="enrol-code-error" data-field="code"></div>
  <div id="ticket-error" class="error"></div>
  <div role="alert"></div>
  <button type="submit">${esc(l.confirmAndSignIn)}</button>
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

export function forgotPasswordPage(page: PageFor, defaultTenantId: string | null): string {
  const f = wordsOf(page).forgotPassword;
  return layout(
    page,
    f.title,
    `<h1>${esc(f.heading)}</h1><p class="lead">${esc(f.lead)}</p>
<form id="forgot" novalidate>
  <label for="email">${esc(f.email)}</label>
  <input id="email" type="email" autocomplete="email" required aria-describedby="email-error">
  <div class="error" id="email-error"></div>
  <div role="alert"></div>
  <button type="submit">${esc(f.send)}</button>
</form>`,
    `$('#forgot').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  const r = await call('/v1/auth/forgot-password', { tenantId: params.get('tenant') ?? ${scriptData(defaultTenantId ?? '')}, email: $('#email').value });
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  const b = form.querySelector('[role=alert]'); b.className = 'banner ok'; b.textContent = r.data.message;
});`,
  );
}

export function resetPasswordPage(page: PageFor): string {
  const w = wordsOf(page);
  const rp = w.resetPassword;
  return layout(
    page,
    rp.title,
    `<h1>${esc(rp.title)}</h1><p class="lead">${esc(rp.lead)}</p>
<form id="reset" novalidate>
  <label for="password">${esc(w.common.newPassword)}</label>
  <input id="password" type="password" autocomplete="new-password" required aria-describedby="password-error">
  <div class="error" id="password-error"></div>
  <div role="alert"></div>
  <button type="submit">${esc(rp.save)}</button>
</form>`,
    `$('#reset').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  const r = await call('/v1/auth/reset-password', { token: params.get('token') ?? '', password: $('#password').value });
  busy(form, false);
  if (!r.ok) return linkDied(r.data) ? location.reload() : showErrors(form, r.data);
  const b = form.querySelector('[role=alert]'); b.className = 'banner ok'; doneWithLogin(b, t.passwordSaved);
});`,
  );
}

export function confirmEmailPage(page: PageFor): string {
  const c = wordsOf(page).confirmEmail;
  return layout(
    page,
    c.title,
    `<h1>${esc(c.heading)}</h1>
<form id="confirm" novalidate><p class="lead">${esc(c.lead)}</p>
  <div role="alert"></div>
  <button type="submit">${esc(c.confirm)}</button>
</form>`,
    `$('#confirm').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  const r = await call('/v1/auth/confirm-email', { token: params.get('token') ?? '' });
  busy(form, false);
  if (!r.ok) return linkDied(r.data) ? location.reload() : showErrors(form, r.data);
  const b = form.querySelector('[role=alert]'); b.className = 'banner ok'; doneWithLogin(b, t.emailNow.replace('{email}', r.data.email));
});`,
  );
}

/**
 * The page of an emailed link that no longer works (issue 13), shown instead of the link's form when the page opens
 * — and again if the link dies while the page is open (its script reloads the page when the POST says so): what
 * happened and the way forward, in the tenant's brand and the person's language. The dead token is carried on to
 * the next page only for its brand and language (it names the tenant; it opens nothing).
 */
export function badLinkPage(page: PageFor, purpose: LinkPurpose, state: DeadLinkState, token: string): string {
  const w = wordsOf(page);
  const said = w.badLink[purpose][state];
  const title = { invitation: w.acceptInvitation.title, password_reset: w.resetPassword.title, email_change: w.confirmEmail.title }[purpose];
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  const logIn = `<a href="/login${esc(query)}">${esc(w.common.logIn)}</a>`;
  const forward =
    purpose === 'password_reset'
      ? `<a class="button" href="/forgot-password${esc(query)}">${esc(w.badLink.requestNewLink)}</a>${state === 'used' ? ` ${logIn}` : ''}`
      : purpose === 'email_change' || state === 'used'
        ? logIn
        : '';
  return layout(page, title, `<h1>${esc(said.heading)}</h1><p class="lead">${esc(said.lead)}</p>${forward ? `<p class="actions">${forward}</p>` : ''}`, '');
}

const severities = ['info', 'minor', 'moderate', 'major', 'critical'] as const;

export function accountPage(page: PageFor): string {
  const w = wordsOf(page);
  const a = w.account;
  const severityOptions = severities.map((v) => `<option value="${v}">${esc(a.severities[v])}</option>`).join('');
  return layout(
    page,
    a.title,
    `<h1>${esc(a.title)}</h1><p class="lead" id="who" aria-live="polite">${esc(a.loading)}</p>
<form id="profile" novalidate hidden>
  <div class="row"><div><label for="firstName">${esc(a.firstName)}</label><input id="firstName" autocomplete="given-name" aria-describedby="firstName-error"><div class="error" id="firstName-error"></div></div>
  <div><label for="lastName">${esc(a.lastName)}</label><input id="lastName" autocomplete="family-name" aria-describedby="lastName-error"><div class="error" id="lastName-error"></div></div></div>
  <label for="phone">${esc(a.phone)}</label>
  <input id="phone" type="tel" autocomplete="tel" aria-describedby="phone-error phone-hint"><div class="hint" id="phone-hint">${esc(a.phoneHint)}</div><div class="error" id="phone-error"></div>
  <label for="language">${esc(a.language)}</label>
  <select id="language"><option value="en">English</option><option value="de">Deutsch</option><option value="fr">Français</option><option value="es">Español</option><option value="nl">Nederlands</option><option value="it">Italiano</option><option value="pt">Português</option><option value="ar">العربية</option></select>
  <label for="idleWarningMinutes">${esc(a.idleWarning)}</label>
  <input id="idleWarningMinutes" type="number" min="5" max="1440" aria-describedby="idleWarningMinutes-error"><div class="error" id="idleWarningMinutes-error"></div>
  <fieldset><legend>${esc(a.alerts)}</legend>
    <div class="row"><label><input type="checkbox" id="emailEnabled"> ${esc(a.email)}</label>
      <div><label for="emailSeverity">${esc(a.minSeverity)}</label><select id="emailSeverity">${severityOptions}</select></div></div>
    <div class="row"><label><input type="checkbox" id="smsEnabled"> ${esc(a.sms)}</label>
      <div><label for="smsSeverity">${esc(a.minSeverity)}</label><select id="smsSeverity">${severityOptions}</select></div></div>
    <label for="schedule">${esc(a.when)}</label><select id="schedule"><option value="always">${esc(a.schedules.always)}</option><option value="business_hours">${esc(a.schedules.business_hours)}</option></select>
    <div class="error" id="notificationPreferences-error"></div>
  </fieldset>
  <div role="alert"></div>
  <button type="submit">${esc(a.save)}</button>
  <button type="button" class="secondary" id="logout">${esc(a.logOut)}</button>
</form>
<form id="password-form" novalidate hidden>
  <h2>${esc(w.common.password)}</h2>
  <label for="currentPassword">${esc(w.common.currentPassword)}</label>
  <input id="currentPassword" type="password" autocomplete="current-password" aria-describedby="currentPassword-error"><div class="error" id="currentPassword-error"></div>
  <label for="pw-code">${esc(a.currentCode)}</label>
  <input id="pw-code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" aria-describedby="pw-code-hint code-error"><div class="hint" id="pw-code-hint">${esc(a.currentCodeHint)}</div>
  <label for="newPassword">${esc(w.common.newPassword)}</label>
  <input id="newPassword" type="password" autocomplete="new-password" aria-describedby="newPassword-error"><div class="error" id="newPassword-error"></div>
  <div role="alert"></div>
  <button type="submit">${esc(a.changePassword)}</button>
</form>
<form id="mfa-form" novalidate hidden>
  <h2>${esc(a.twoFactor)}</h2>
  <p class="hint">${esc(a.twoFactorHint)}</p>
  <div id="mfa-proof"><label for="mfa-password">${esc(w.common.currentPassword)}</label><input id="mfa-password" type="password" autocomplete="current-password" aria-describedby="password-error"><div class="error" id="password-error"></div>
    <label for="mfa-current-code">${esc(a.currentCode)}</label><input id="mfa-current-code" inputmode="numeric" autocomplete="one-time-code" maxlength="6"></div>
  <div id="mfa-setup" hidden><div class="qr" id="qr"></div><p class="hint">${esc(a.key)} <code id="secret"></code></p>
    <label for="code">${esc(a.newAppCode)}</label><input id="code" inputmode="numeric" maxlength="6" aria-describedby="code-error"><div class="error" id="code-error"></div></div>
  <div role="alert"></div>
  <button type="submit" id="mfa-button">${esc(a.setUpNew)}</button>
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
  // A setting the list does not offer (Arabic, set before people can pick it) shows no choice: kept, not sent.
  const language = $('#language').value;
  const body = { firstName: $('#firstName').value, lastName: $('#lastName').value, phone: $('#phone').value || null, ...(language ? { language } : {}), idleWarningMinutes: Number($('#idleWarningMinutes').value), notificationPreferences };
  const r = await call('/v1/users/' + me.id, body, 'PATCH');
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  const b = form.querySelector('[role=alert]'); b.className = 'banner ok'; b.textContent = t.saved;
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
    $('#mfa-setup').hidden = false; $('#mfa-button').textContent = t.confirmNewAuthenticator; $('#code').focus();
    return;
  }
  const r = await call('/v1/auth/mfa/confirm', { ticket: mfaTicket, code: $('#code').value.trim() });
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  location.href = '/login';
});`,
  );
}
