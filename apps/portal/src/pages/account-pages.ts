/**
 * Roster's own pages for people (not admins): accept an invitation, log in, reset a password, confirm an email
 * change — plain HTML and a little script, calling the same BFF routes as any client — and /account, which hosts
 * `<account-panel session>`. The pages of emailed links take the panel's steps in the panel's words (a new password
 * with its hint and repetition, an authenticator to scan and its first code). Tokens travel in the URL's query and
 * are POSTed by the page; opening a link (GET, as a mail scanner does) never spends it. Each page wears the brand of
 * the tenant it is for (white-label: a branded tenant's people never see the name Roster): `GET /v1/public/branding`
 * of the link's token, the tenant id or the session. Each speaks the language of the person it is for (their own
 * setting, once the link or the session names them), else `?lang=`, else the best of `Accept-Language`: English,
 * German, or Arabic laid out right to left (`words/`).
 */
import { profilePresets, type LinkPurpose } from '@roster/contract';
import { personLanguages } from '@roster/bff';
import { esc, layout, scriptData, wordsOf, type PageFor } from './page-layout.js';
import { pageCatalogues, type PageWords } from './words/index.js';
import type { DeadLinkState, EndedReason } from './words/en.js';

export type { PageBrand, PageFor } from './page-layout.js';

/**
 * The minimum a new password's hint names. The pages do not know the tenant's policy profile (the public routes answer
 * nothing of it), so they name the default profile's; the server checks the tenant's own.
 */
const HINTED_PASSWORD_LENGTH = profilePresets.default.passwordMinLength;

/** A new password, its hint and its repetition (checked by `repeatDiffers`): as `<account-panel>` asks for one. */
function newPasswordFields(w: PageWords): string {
  return `<label for="password">${esc(w.common.newPassword)}</label>
  <input id="password" type="password" autocomplete="new-password" required aria-describedby="password-hint password-error">
  <div class="hint" id="password-hint">${esc(w.common.passwordHint(HINTED_PASSWORD_LENGTH))}</div>
  <div class="error" id="password-error"></div>
  <label for="confirm">${esc(w.common.repeatPassword)}</label>
  <input id="confirm" type="password" autocomplete="new-password" required aria-describedby="confirm-error">
  <div class="error" id="confirm-error"></div>`;
}


/** The form that registers a security key (WebAuthn) when the person's method is one; its button starts the ceremony. */
function keyForm(w: PageWords, id: string, heading: string, lead: string, button: string): string {
  return `<form id="${id}" hidden novalidate>
  <h2>${esc(heading)}</h2>
  <p>${esc(lead)}</p>
  <div class="error" data-field="response"></div>
  <div class="error" data-field="ticket"></div>
  <div role="alert"></div>
  <button type="submit">${esc(button)}</button>
</form>`;
}

/**
 * Setting up text-message sign-in: the mobile number (when none is known yet), then the code sent to it, with
 * "Send a new code" after its countdown. The script (`smsScript`) drives the two steps; `ticket` is the set-up's.
 */
function smsForm(w: PageWords, lead: string): string {
  return `<form id="sms" hidden novalidate>
  <h2>${esc(w.sms.setUp)}</h2>
  <p>${esc(lead)}</p>
  <div id="sms-phone-step">
    <label for="sms-phone">${esc(w.sms.mobile)}</label>
    <input id="sms-phone" type="tel" autocomplete="tel" aria-describedby="sms-phone-hint sms-phone-error">
    <div class="hint" id="sms-phone-hint">${esc(w.sms.mobileHint)}</div>
    <div class="error" id="sms-phone-error" data-field="phone"></div>
    <button type="button" id="sms-send">${esc(w.sms.send)}</button>
  </div>
  <div id="sms-code-step" hidden>
    <p id="sms-sent" aria-live="polite"></p>
    <label for="sms-code">${esc(w.sms.code)}</label>
    <input id="sms-code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" aria-describedby="sms-code-error">
    <div class="error" id="sms-code-error" data-field="code"></div>
    <p><button type="button" class="secondary" id="sms-resend">${esc(w.sms.resend)}</button></p>
  </div>
  <div class="error" data-field="ticket"></div>
  <div role="alert"></div>
  <button type="submit" hidden>${esc(w.sms.confirm)}</button>
</form>`;
}

/**
 * The browser side of text messages: a sent code (`{to, expiresAt, resendAfterSeconds}`) is said with its number and
 * expiry, and "Send a new code" counts down to when the server takes another ask.
 */
const smsScript = (w: PageWords) => `
const sms = ${scriptData(w.sms)};
/** "Send a new code": disabled, counting down, until the server takes another ask. */
function countdown(button, seconds) {
  clearInterval(button.timer);
  let left = Math.max(0, Math.ceil(seconds));
  const tick = () => {
    button.disabled = left > 0;
    button.textContent = left > 0 ? sms.resendIn.replace('{s}', String(left)) : sms.resend;
    if (left-- <= 0) clearInterval(button.timer);
  };
  tick();
  button.timer = setInterval(tick, 1000);
}
function sentNote(sent) {
  const time = new Date(sent.expiresAt).toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' });
  return sms.sentTo.replace('{to}', sent.to).replace('{time}', time);
}
/** The set-up form (#sms) of a ticket: the number step when nothing was sent yet, else the code step. */
function smsSetUp(ticket, sent) {
  const form = $('#sms');
  form.dataset.ticket = ticket;
  form.hidden = false;
  if (!sent) { $('#sms-phone-step').hidden = false; $('#sms-code-step').hidden = true; form.querySelector('button[type=submit]').hidden = true; $('#sms-phone').focus(); return; }
  $('#sms-phone-step').hidden = true;
  $('#sms-code-step').hidden = false;
  form.querySelector('button[type=submit]').hidden = false;
  $('#sms-sent').textContent = sentNote(sent);
  countdown($('#sms-resend'), sent.resendAfterSeconds);
  $('#sms-code').focus();
}
/** A (new) code for the set-up: to the number typed, else the one the last code went to, else the one on file. */
async function smsSend(typed) {
  const form = $('#sms');
  const phone = typed || form.dataset.phone;
  const r = await call('/v1/auth/sms/enrolment-code', { ticket: form.dataset.ticket, ...(phone ? { phone } : {}) });
  if (!r.ok) return showErrors(form, r.data);
  if (phone) form.dataset.phone = phone;
  form.querySelector('[role=alert]').className = '';
  form.querySelector('[role=alert]').textContent = '';
  smsSetUp(form.dataset.ticket, r.data);
}
$('#sms-send').addEventListener('click', () => smsSend($('#sms-phone').value.trim()));
$('#sms-phone').addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); smsSend($('#sms-phone').value.trim()); } });
$('#sms-resend').addEventListener('click', () => smsSend($('#sms-phone').value.trim()));`;

/** The recovery codes, shown once after a second factor is set up (filled by `showCodes`). */
function recoveryCodesBlock(w: PageWords, after: string): string {
  return `<section id="codes" hidden aria-labelledby="codes-title">
  <h2 id="codes-title">${esc(w.key.recoveryTitle)}</h2>
  <p>${esc(w.key.recoveryLead)}</p>
  <ul class="codes" id="code-list"></ul>
  ${after}
</section>`;
}

/**
 * The browser side of the ceremonies: WebAuthn's JSON forms (`parseCreationOptionsFromJSON`, `toJSON`) carry the
 * server's options in and the authenticator's answer out, as the BFF's @simplewebauthn/server expects them.
 */
const keyScript = (w: PageWords) => `
async function createKey(options) {
  const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
  return credential.toJSON();
}
async function getKey(options) {
  const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
  return credential.toJSON();
}
function showCodes(codes) {
  if (!codes || !codes.length) return;
  const list = $('#code-list');
  list.replaceChildren(...codes.map((c) => { const li = document.createElement('li'); const code = document.createElement('code'); code.textContent = c; li.append(code); return li; }));
  $('#codes').hidden = false;
}
function keyFailed(form) {
  const b = form.querySelector('[role=alert]'); b.className = 'banner bad'; b.textContent = ${scriptData(w.key.failed)};
}`;

export function acceptInvitationPage(page: PageFor): string {
  const w = wordsOf(page);
  const a = w.acceptInvitation;
  return layout(
    page,
    a.title,
    `<h1>${esc(a.welcome(page.brand.productName))}</h1><p class="lead">${esc(a.lead)}</p>
<form id="pw" novalidate>
  ${newPasswordFields(w)}
  <div id="phone-field" hidden>
    <label for="phone">${esc(w.sms.mobile)}</label>
    <input id="phone" type="tel" autocomplete="tel" aria-describedby="phone-hint phone-error">
    <div class="hint" id="phone-hint">${esc(w.sms.setUpLead)} ${esc(w.sms.mobileHint)}</div>
    <div class="error" id="phone-error"></div>
  </div>
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
${keyForm(w, 'key', w.key.setUp, w.key.setUpLead, w.key.register)}
${smsForm(w, w.sms.setUpLead)}
<div id="done" hidden class="banner ok" role="status">${esc(a.ready)} <a href="/login">${esc(w.common.logIn)}</a></div>
${recoveryCodesBlock(w, '')}`,
    `${keyScript(w)}
${smsScript(w)}
let ticket = null;
let keyTicket = null;
let keyOptions = null;
$('#pw').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  if (repeatDiffers(form)) return;
  busy(form, true);
  const phone = $('#phone').value.trim();
  const r = await call('/v1/invitations/accept', { token: params.get('token') ?? '', password: $('#password').value, ...(phone ? { phone } : {}) });
  busy(form, false);
  if (!r.ok) {
    if (linkDied(r.data)) return location.reload();
    // Text messages need a mobile number: the field appears with what is wrong, and the same step is sent again.
    if ((r.data?.error?.issues ?? []).some((i) => i.path[i.path.length - 1] === 'phone')) { $('#phone-field').hidden = false; showErrors(form, r.data); $('#phone').focus(); return; }
    return showErrors(form, r.data);
  }
  form.hidden = true;
  if (r.data.status === 'active') { $('#done').hidden = false; return; }
  if (r.data.status === 'sms_enrolment_required') {
    if (phone) $('#sms').dataset.phone = phone;
    smsSetUp(r.data.sms.ticket, r.data.sms.sent);
    return;
  }
  if (r.data.status === 'webauthn_registration_required') {
    keyTicket = r.data.webauthn.ticket;
    keyOptions = r.data.webauthn.options;
    $('#key').hidden = false;
    $('#key button').focus();
    return;
  }
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
  showCodes(r.data.recoveryCodes);
});
$('#key').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  let response;
  try { response = await createKey(keyOptions); } catch { busy(form, false); return keyFailed(form); }
  const r = await call('/v1/invitations/confirm-webauthn', { ticket: keyTicket, response });
  busy(form, false);
  // The ticket is spent by any answer: a refused one means accepting again from the link's page.
  if (!r.ok) return linkDied(r.data) ? location.reload() : showErrors(form, r.data);
  form.hidden = true;
  $('#done').hidden = false;
  showCodes(r.data.recoveryCodes);
});
$('#sms').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  const r = await call('/v1/invitations/confirm-sms', { ticket: form.dataset.ticket, code: $('#sms-code').value.trim() });
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  form.hidden = true;
  $('#done').hidden = false;
  showCodes(r.data.recoveryCodes);
});`,
  );
}

/** `ended`: the session just ended (`/login?ended=…`, from /account), said above the form. */
export function loginPage(page: PageFor, defaultTenantId: string | null, ended: EndedReason | null = null): string {
  const w = wordsOf(page);
  const l = w.login;
  return layout(
    page,
    w.common.logIn,
    `<h1>${esc(w.common.logIn)}</h1>${ended ? `<p class="banner ok" role="status">${esc(l.ended[ended])}</p>` : ''}<p class="lead">${esc(l.lead)}</p>
<form id="login" novalidate>
  <input type="hidden" id="tenant" value="${esc(defaultTenantId ?? '')}">
  <label for="login-name">${esc(l.loginName)}</label>
  <input id="login-name" autocomplete="username" required aria-describedby="login-error">
  <div class="error" id="login-error"></div>
  <label for="password">${esc(w.common.password)}</label>
  <input id="password" type="password" autocomplete="current-password" required aria-describedby="password-error">
  <div class="error" id="password-error"></div>
  <label for="code">${esc(l.twoFactorCode)}</label>
  <input id="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" aria-describedby="sms-note code-error">
  <p id="sms-note" class="hint" aria-live="polite" hidden></p>
  <p id="sms-again" hidden><button type="button" class="secondary" id="sms-login-resend">${esc(w.sms.resend)}</button></p>
  <div class="error" id="code-error"></div>
  <details id="recovery"><summary>${esc(w.key.useRecoveryCode)}</summary>
    <label for="recovery-code">${esc(w.key.recoveryCode)}</label>
    <input id="recovery-code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="32" aria-describedby="recovery-code-hint recovery-code-error">
    <div class="hint" id="recovery-code-hint">${esc(w.key.recoveryCodeHint)}</div>
    <div class="error" id="recovery-code-error" data-field="recoveryCode"></div>
  </details>
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
</form>
${keyForm(w, 'use-key', w.key.use, w.key.useLead, w.key.continueWithKey)}
${keyForm(w, 'new-key', w.key.setUp, `${l.needsSecondFactor} ${w.key.setUpLead}`, w.key.register)}
${smsForm(w, `${l.needsSecondFactor} ${w.sms.setUpLead}`)}
${recoveryCodesBlock(w, `<p><a class="button" href="/account">${esc(w.key.continueToAccount)}</a></p>`)}`,
    `${keyScript(w)}
${smsScript(w)}
let keyTicket = null;
let keyOptions = null;
/** Back to the first step after a refused key: its ticket is spent, so the password is asked again. */
function againFromStart(keyForm, data) {
  keyForm.hidden = true;
  const form = $('#login');
  form.hidden = false;
  showErrors(form, data);
}
/** The password step, sent again without a code: a person who signs in with text messages gets a new one. */
$('#sms-login-resend').addEventListener('click', () => { $('#code').value = ''; $('#login').requestSubmit(); });
$('#login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  const code = $('#code').value.trim();
  // A recovery code stands in for the second factor (an authenticator's code or a security key), once.
  const recoveryCode = $('#recovery-code').value.trim();
  const r = await call('/v1/auth/login', { tenantId: params.get('tenant') ?? $('#tenant').value, login: $('#login-name').value, password: $('#password').value, ...(code ? { code } : {}), ...(recoveryCode ? { recoveryCode } : {}) });
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  if (r.data?.status === 'sms_code_sent') {
    // The right password: the code is on its way; the same form signs in with it.
    form.querySelectorAll('.error').forEach((el) => (el.textContent = ''));
    form.querySelector('[role=alert]').className = '';
    form.querySelector('[role=alert]').textContent = '';
    $('#sms-note').textContent = sentNote(r.data);
    $('#sms-note').hidden = false;
    $('#sms-again').hidden = false;
    countdown($('#sms-login-resend'), r.data.resendAfterSeconds);
    $('#code').focus();
    return;
  }
  if (r.data?.status === 'sms_enrolment_required') {
    form.hidden = true;
    smsSetUp(r.data.sms.ticket, r.data.sms.sent);
    return;
  }
  if (r.data?.status === 'webauthn_required' || r.data?.status === 'webauthn_registration_required') {
    // The right password; the security key comes next (or is set up first).
    keyTicket = r.data.webauthn.ticket;
    keyOptions = r.data.webauthn.options;
    form.hidden = true;
    const next = $(r.data.status === 'webauthn_required' ? '#use-key' : '#new-key');
    next.hidden = false;
    next.querySelector('button').focus();
    return;
  }
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
  form.hidden = true;
  showCodes(r.data.recoveryCodes);
});
$('#sms').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  const r = await call('/v1/auth/sms/enrol', { ticket: form.dataset.ticket, code: $('#sms-code').value.trim() });
  busy(form, false);
  if (!r.ok) return showErrors(form, r.data);
  form.hidden = true;
  showCodes(r.data.recoveryCodes);
});
$('#use-key').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  let response;
  try { response = await getKey(keyOptions); } catch { busy(form, false); return keyFailed(form); }
  const r = await call('/v1/auth/webauthn/login', { ticket: keyTicket, response });
  busy(form, false);
  if (!r.ok) return againFromStart(form, r.data);
  location.href = '/account';
});
$('#new-key').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  busy(form, true);
  let response;
  try { response = await createKey(keyOptions); } catch { busy(form, false); return keyFailed(form); }
  const r = await call('/v1/auth/webauthn/enrol', { ticket: keyTicket, response });
  busy(form, false);
  if (!r.ok) return againFromStart(form, r.data);
  form.hidden = true;
  showCodes(r.data.recoveryCodes);
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
  ${newPasswordFields(w)}
  <div role="alert"></div>
  <button type="submit">${esc(rp.save)}</button>
</form>`,
    `$('#reset').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  if (repeatDiffers(form)) return;
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

/** The signed-in person as `GET /v1/auth/me` answered the page (null when it could not say), and their tenant. */
export interface AccountPageFor {
  firstName: string;
  lastName: string;
  email: string;
  /** The login page signs in to it (`?tenant=`) and wears its brand. */
  tenantId: string | null;
}

/**
 * /account: the signed-in person manages themself in `<account-panel session>` (the element, with their session
 * cookie), under the tenant's brand, in their language (the page's `lang`, which the panel follows), with Log out.
 * When the session ends — a password, second-factor or phone change ends every session; or the server refuses it —
 * the panel fires `session-ended` and the page goes to /login of the person's tenant, in their language, which says why.
 */
export function accountPage(page: PageFor, me: AccountPageFor | null): string {
  const w = wordsOf(page);
  const name = me ? `${me.firstName} ${me.lastName}` : w.account.title;
  // The page's own words in every language: a language change in the panel changes them at once.
  const words = Object.fromEntries(personLanguages.map((l) => [l, pageCatalogues[l].account]));
  return layout(
    page,
    w.account.title,
    `<div class="account-head">
  <div><h1 id="who">${esc(name)}</h1>${me ? `<p class="lead" id="email">${esc(me.email)}</p>` : ''}</div>
  <button type="button" class="secondary" id="logout">${esc(w.account.logOut)}</button>
</div>
<account-panel session></account-panel>
<script type="module" src="/widgets/roster-widgets.js"></script>`,
    `const words = ${scriptData(words)};
const product = ${scriptData(page.brand.productName)};
const tenant = ${scriptData(me?.tenantId ?? null)};
const panel = $('account-panel');
/** To the login page of the person's tenant, in the page's language, saying why. */
function toLogin(ended) {
  location.href = '/login?' + new URLSearchParams({ ...(tenant ? { tenant } : {}), lang: document.documentElement.lang, ended });
}
// The session ended: sign in again.
panel.addEventListener('session-ended', (e) => toLogin(e.reason));
panel.addEventListener('account-changed', (e) => {
  $('#who').textContent = e.user.firstName + ' ' + e.user.lastName;
  if ($('#email')) $('#email').textContent = e.user.email;
  if (e.section !== 'language') return;
  // The panel speaks the new language already; the page follows (a language without page words reads English).
  const lang = words[e.user.language] ? e.user.language : 'en';
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.title = words[lang].title + ' — ' + product;
  $('#logout').textContent = words[lang].logOut;
});
$('#logout').addEventListener('click', async (e) => {
  e.currentTarget.disabled = true;
  await call('/v1/auth/logout');
  toLogin('logout');
});`,
    { wide: true },
  );
}
