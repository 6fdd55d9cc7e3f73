import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  ChangePasswordRequestSchema,
  NotificationPreferencesSchema,
  StepUpRequestSchema,
  RECOVERY_CODE_COUNT,
  type WebauthnCredential,
  STEP_UP_HEADER,
  availabilities,
  defaultNotificationPreferences,
  emailRulesReady,
  languages,
  passwordRules,
  patchUserSchema,
  priorities,
  severities,
  toIssues,
  type Issue,
  type NotificationPreferences,
  type PatchUserInput,
  type SessionInfo,
  type StepUpRequest,
  type TenantContext,
  type User,
} from '@roster/contract';
import { ApiClient, ApiError, TokenSource, type TokenProvider } from '../internal/api-client.js';
import { LanguageController, loadLanguage, localeOf, translate } from '../internal/language.js';
import { tokens } from '../internal/theme.styles.js';
import { contractMessage } from '../translations/contract-messages.js';
import { accountPanelEn, type AccountPanelStrings } from '../translations/account-panel.js';
import { loadScreenWords, screenWords } from '../translations/screen-words.js';
import { AccountChangedEvent, type AccountSection } from '../events/account-changed.js';
import { SessionEndedEvent, type SessionEndReason } from '../events/session-ended.js';
import type { QrDrawing, qrCodeTemplate } from './qr-code.js';
import { styles } from './account-panel.styles.js';
import { browserOf } from '../sessions/browser-of.js';

/** The panel's words in the built-in languages, each loaded with the panel when it is shown in that language. */
const PANEL_WORDS = {
  de: () => import('../translations/account-panel.de.js').then((m) => m.accountPanelDe),
  ar: () => import('../translations/account-panel.ar.js').then((m) => m.accountPanelAr),
};

type MetadataJson = Parameters<typeof patchUserSchema>[1];
let phoneMetadata: Promise<MetadataJson> | undefined;
/** Phone rules need libphonenumber metadata (≈ 40 KB gzip): loaded only when a phone is saved. */
const loadPhoneMetadata = () => (phoneMetadata ??= import('@roster/contract/phone-metadata').then((m) => m.phoneMetadata));
const NO_PHONE_METADATA = {} as MetadataJson;

/** The forms of the panel; an error is keyed `form.field`, an input's id is `form-field`. */
type Form = 'profile' | 'language' | 'password' | 'mfa' | 'keys' | 'recovery' | 'availability' | 'notifications';
/** A field's problem: a contract issue (the page's rules or the server's), or the panel's own "passwords differ". */
type Problem = Issue | 'differ';
type Channel = 'email' | 'sms';

/** Where the second-factor section is: its state, asking for proof, or showing the new factor to confirm. */
type KeyAction = { action: 'add' } | { action: 'remove'; key: WebauthnCredential };
type MfaStep = { step: 'idle' } | { step: 'proof' } | { step: 'scan'; ticket: string; secret: string; qr: QrDrawing | null; draw?: typeof qrCodeTemplate };


/**
 * @summary Self-service for the signed-in person, inside the host's page: profile, language, password, second factor,
 * availability (technicians), alert notifications and sessions — each a card with its own form. Acts as the widget
 * token's user (`actorUserId`): their own profile needs `self.edit`; credential changes need fresh proof (the current
 * password and two-factor code), never the token alone. Validates with the contract's schemas for the tenant's
 * profile, the very ones the server runs, shows each server issue at its field and announces each save politely.
 * A language change re-renders the panel in the new language at once (it sets its own `lang`). A password or
 * second-factor change signs out every session and widget token: with a `tokenProvider` the panel asks for a new
 * token and carries on; with a fixed `token` it asks for a reload.
 *
 * Session mode (`session`, no token, no provider): on a page of the BFF's own origin the panel acts with the person's
 * session cookie, sending no Authorization header (Roster's own /account page). When that session ends — a password,
 * second-factor or phone change ends every session, this one included; or the server no longer accepts it — the
 * panel says so, stops, and fires `session-ended` for the page to send the person to sign in again. Session mode also
 * applies the person's idle warning: after that long without activity in any tab of the origin, a prompt, then sign-out.
 * @fires account-changed - The person saved a section; `event.user`, `event.section` (`language` for the Display card: language and idle warning).
 * @fires session-ended - Session mode only: the session ended; `event.reason` (`session`, `password`, `second-factor`, `phone`, `idle`).
 * @csspart panel - The whole panel.
 * @csspart heading - The panel's title.
 * @csspart section - Each card (also `section-profile`, `section-language` — the Display card —, `section-password`, `section-second-factor`, `section-availability`, `section-notifications`, `section-sessions`).
 * @csspart section-heading - A card's heading.
 * @csspart form-field - A field: its label, control, hint and error.
 * @csspart form-label - A field's label.
 * @csspart form-input - A field's input or select.
 * @csspart form-hint - A field's hint.
 * @csspart form-error - A field's error message.
 * @csspart banner - An error about a whole card (the server's).
 * @csspart button - Each button (also `button-primary`: a card's submit, `button-danger`: sign out).
 * @csspart notice - The polite live region announcing each save.
 * @csspart qr-code - The QR code of a new authenticator.
 * @csspart secret - The new authenticator's key, for typing it in.
 * @csspart session - One session in the list (also `session-current`).
 * @csspart status - The loading and error states.
 * @csspart idle-prompt - Session mode: the idle warning's dialog (its buttons are `button` and `button-primary`).
 * @cssproperty --roster-accent - And the other `--roster-*` tokens of docs/theming.md.
 */
export class AccountPanel extends LitElement {
  static override styles = [tokens, styles];

  /** The BFF's origin, e.g. `https://roster.example.com`. */
  @property({ attribute: 'base-url', reflect: true }) baseUrl = '';
  /** A widget token for the person; or set `tokenProvider`. */
  @property({ attribute: false }) token?: string;
  /** Called for a widget token whenever one is needed (before expiry, after a 401, after a credential change). */
  @property({ attribute: false }) tokenProvider?: TokenProvider;
  /**
   * Act with the signed-in person's session cookie instead of a token (no `token`, no `tokenProvider`): for a page on
   * the BFF's own origin, such as Roster's /account. Fires `session-ended` when the session ends.
   */
  @property({ type: Boolean, reflect: true }) session = false;

  @state() private me?: User;
  @state() private tenant?: TenantContext;
  @state() private loadFailed = false;
  @state() private sessions?: SessionInfo[];
  @state() private sessionsFailed = false;
  @state() private values: Record<string, string> = {};
  @state() private notifications: NotificationPreferences = defaultNotificationPreferences;
  @state() private problems: Record<string, Problem> = {};
  /** An error about a whole card, by form. */
  @state() private banners: Partial<Record<Form | 'sessions', string>> = {};
  @state() private busy: Form | 'sessions' | null = null;
  @state() private mfa: MfaStep = { step: 'idle' };
  /** Recovery codes: how many are left (null until known), a new set while it is shown (once), the proof step. */
  /** Security keys (a person whose method they are): the list (null until known), the proof step and what waits for it. */
  @state() private keys: { items: WebauthnCredential[] | null; step: 'idle' | 'proof'; pending: KeyAction | null } = { items: null, step: 'idle', pending: null };
  @state() private recovery: { remaining: number | null; codes: string[] | null; proof: boolean } = { remaining: null, codes: null, proof: false };
  /** The polite announcement of the last save. */
  @state() private notice = '';
  /** A step-up's text message: to which number (masked), and when another may be asked for (the panel counts down). */
  @state() private smsCode: { to: string; at: number } | null = null;
  private smsTick?: ReturnType<typeof setInterval>;
  /** A fixed token, or the session of session mode, ended with every session: nothing works until the page gives a new one. */
  @state() private ended = false;
  /** Session mode: why the session ended, once it has. */
  private sessionEnd?: SessionEndReason;

  private readonly language = new LanguageController(this);
  private readonly tokens = new TokenSource(
    () => ({ token: this.token, provider: this.tokenProvider, session: this.session }),
    undefined,
    () => this.sessionEnded('session'),
  );
  private readonly api = new ApiClient(() => this.baseUrl, this.tokens, () => localeOf(this));
  /** A step-up token from fresh proof, reused for the next credential change within its five minutes. */
  private stepUp?: { token: string; expiresAt: number };
  private loading?: AbortController;

  private get t(): AccountPanelStrings {
    return screenWords(this, 'accountPanel', accountPanelEn, PANEL_WORDS);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.me) this.watchIdle(this.me.idleWarningMinutes);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.smsTick);
    this.loading?.abort();
    this.tokens.dispose();
    this.stopIdle();
  }

  /** Session mode: the idle warning, once loaded (`watchIdle`). */
  private idle?: { setMinutes(minutes: number): void; stop(): void };
  private idleLoading = false;

  /**
   * Session mode only (Roster's own /account page): applies the person's idle-warning time — a prompt after that long
   * without activity in any of the origin's tabs, then sign-out (internal/idle-watch.ts, loaded on first need). A host
   * that embeds the panel with a token runs its own console, and its own idle rules.
   */
  private watchIdle(minutes: number): void {
    if (!this.sessionMode || this.ended) return;
    if (this.idle) return this.idle.setMinutes(minutes);
    if (this.idleLoading) return;
    this.idleLoading = true;
    import('../internal/idle-watch.js').then(
      ({ IdleWatch }) => {
        this.idleLoading = false;
        if (!this.sessionMode || this.ended || !this.isConnected || this.idle) return;
        this.idle = new IdleWatch({ root: this.renderRoot, words: () => this.t.idle, expire: () => void this.idleExpired() }, this.me?.idleWarningMinutes ?? minutes);
      },
      () => (this.idleLoading = false),
    );
  }

  private stopIdle(): void {
    this.idle?.stop();
    this.idle = undefined;
  }

  /** Nobody answered the idle warning: the session is ended on the server, then here (`session-ended`, reason `idle`). */
  private async idleExpired(): Promise<void> {
    this.idle = undefined;
    try {
      await this.api.call('POST /v1/auth/logout', {});
    } catch {
      // Unreachable or already over: the panel ends the session all the same.
    }
    this.sessionEnded('idle');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('token') || changed.has('tokenProvider') || changed.has('baseUrl') || changed.has('session')) && (this.token || this.tokenProvider || this.session)) {
      this.ended = false;
      this.sessionEnd = undefined;
      this.tokens.invalidate();
      void this.load();
    }
  }

  /** The person, the tenant's rules (profile) and the sessions. */
  private async load(): Promise<void> {
    this.loading?.abort();
    const controller = (this.loading = new AbortController());
    this.loadFailed = false;
    try {
      const [me, tenant] = await Promise.all([this.api.call('GET /v1/auth/me', { signal: controller.signal }), this.api.tenant(controller.signal)]);
      if (controller.signal.aborted) return;
      this.tenant = tenant;
      this.show(me);
      void this.loadSessions(controller.signal);
      void this.loadRecoveryCount(controller.signal);
      void this.loadKeys(controller.signal);
    } catch (e) {
      if ((e as Error).name !== 'AbortError' && !this.sessionEnd) this.loadFailed = true;
    }
  }

  /** Session mode (no token, no provider): the cookie is the credential, and its end is the panel's end. */
  private get sessionMode(): boolean {
    return this.session && !this.token && !this.tokenProvider;
  }

  /**
   * Session mode: the session ended — the server refused it, or a change the person made ended every session. The
   * panel says so (after what was saved, if anything), stops, and tells the page, once.
   */
  private sessionEnded(reason: SessionEndReason, saved?: string): void {
    if (this.sessionEnd) return;
    this.sessionEnd = reason;
    this.ended = true;
    this.stepUp = undefined;
    this.stopIdle();
    this.notice = saved ? `${saved} ${this.t.signedOutHere}` : reason === 'idle' ? this.t.idle.signedOut : this.t.sessionEnded;
    this.dispatchEvent(new SessionEndedEvent(reason));
  }

  /** The person's security keys, when keys are how they sign in. */
  private async loadKeys(signal?: AbortSignal): Promise<void> {
    if (this.me?.signInMethod !== 'webauthn') return;
    try {
      const r = await this.api.call('GET /v1/auth/webauthn/credentials', { signal });
      this.keys = { ...this.keys, items: r.items };
    } catch {
      // Shown as unknown; adding a key still works.
    }
  }

  /**
   * Add a key (the browser's WebAuthn ceremony on the server's options) or remove one: fresh proof first (or a live
   * step-up). The server refuses to remove the last key while keys are how the person signs in; its message is shown.
   */
  private async keyAction(pending: KeyAction, e?: Event): Promise<void> {
    e?.preventDefault();
    if (this.keys.step === 'idle' && !(this.stepUp && this.stepUp.expiresAt - 15_000 > Date.now())) {
      this.keys = { ...this.keys, step: 'proof', pending };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#keys-password')?.focus();
      return;
    }
    const t = this.t.keys;
    await this.save('keys', async () => {
      const headers = await this.stepUpHeader('keys');
      if (!headers) return;
      if (pending.action === 'remove') {
        await this.api.call('DELETE /v1/auth/webauthn/credentials/:id', { params: { id: pending.key.id }, headers });
        this.notice = t.removedNotice;
      } else {
        const challenge = await this.api.call('POST /v1/auth/webauthn/registration', { headers });
        let response: Record<string, unknown>;
        try {
          const credential = (await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(challenge.options as never) })) as PublicKeyCredential;
          response = credential.toJSON() as unknown as Record<string, unknown>;
        } catch {
          this.banners = { ...this.banners, keys: t.failed };
          return;
        }
        const name = this.value('keys-name').trim();
        const r = await this.api.call('POST /v1/auth/webauthn/credentials', { body: { ticket: challenge.ticket, response, ...(name ? { name } : {}) } });
        if (r.recoveryCodes) this.recovery = { remaining: r.recoveryCodes.length, codes: r.recoveryCodes, proof: false };
        this.set('keys-name', '');
        this.notice = t.addedNotice;
      }
      this.keys = { ...this.keys, step: 'idle', pending: null };
      await this.loadKeys();
    }, (name) => name);
  }

  private cancelKeys(): void {
    this.keys = { ...this.keys, step: 'idle', pending: null };
    this.setProblems('keys', []);
    this.banners = { ...this.banners, keys: '' };
  }

  /** How many recovery codes the person has left (only a set-up factor has them); the card says nothing until known. */
  private async loadRecoveryCount(signal?: AbortSignal): Promise<void> {
    if (!this.enrolled) return;
    try {
      const r = await this.api.call('GET /v1/auth/recovery-codes', { signal });
      this.recovery = { ...this.recovery, remaining: r.remaining };
    } catch {
      // The count is a courtesy: the card still offers a new set.
    }
  }

  private async loadSessions(signal?: AbortSignal): Promise<void> {
    this.sessionsFailed = false;
    try {
      this.sessions = (await this.api.call('GET /v1/auth/sessions', { signal })).items;
    } catch (e) {
      if ((e as Error).name !== 'AbortError' && !this.sessionEnd) this.sessionsFailed = true;
    }
  }

  /** Takes the person as the server has them into the forms. */
  private show(me: User): void {
    this.me = me;
    this.watchIdle(me.idleWarningMinutes);
    this.values = {
      ...this.values,
      'profile-firstName': me.firstName,
      'profile-lastName': me.lastName,
      'profile-email': me.email,
      'profile-phone': me.phone ?? '',
      'language-language': me.language,
      'language-idleWarningMinutes': String(me.idleWarningMinutes),
      'availability-availability': me.availability ?? 'available',
    };
    const parsed = NotificationPreferencesSchema.safeParse(me.notificationPreferences);
    this.notifications = parsed.success ? parsed.data : defaultNotificationPreferences;
  }

  private value(key: string): string {
    return this.values[key] ?? '';
  }

  private set(key: string, value: string): void {
    this.values = { ...this.values, [key]: value };
  }

  /** The issues of one form, replacing its earlier ones; `fields` maps an issue's first path segment to the form's field. */
  private setProblems(form: Form, issues: readonly Issue[], fields: (name: string) => string = (n) => n): void {
    const kept = Object.fromEntries(Object.entries(this.problems).filter(([k]) => !k.startsWith(`${form}.`)));
    for (const issue of issues) kept[`${form}.${fields(String(issue.path[0] ?? ''))}`] = issue;
    this.problems = kept;
  }

  private async focusFirstProblem(form: Form): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-form="${form}"] [aria-invalid="true"]`)?.focus();
  }

  /** Runs one save: busy state, the server's issues at their fields (`['body', field]`), a banner otherwise. */
  private async save(form: Form, work: () => Promise<void>, fields?: (name: string) => string): Promise<void> {
    this.busy = form;
    this.banners = { ...this.banners, [form]: '' };
    this.notice = '';
    try {
      await work();
    } catch (error) {
      // The session ended under the save: sessionEnded said so already.
      if (this.sessionEnd) return;
      if (error instanceof ApiError && error.status !== 0 && error.issues.some((i) => i.path[0] === 'body')) {
        this.setProblems(form, error.issues.map((i) => ({ ...i, path: i.path.slice(1) })), fields);
        void this.focusFirstProblem(form);
      } else {
        this.banners = { ...this.banners, [form]: error instanceof ApiError && error.status !== 0 ? error.message : this.t.unreachable };
      }
    } finally {
      this.busy = null;
    }
  }

  private saved(user: User, section: AccountSection, notice = this.t.saved): void {
    this.show(user);
    this.notice = notice;
    this.dispatchEvent(new AccountChangedEvent(user, section));
  }

  private patch(body: PatchUserInput, headers?: Record<string, string>): Promise<User> {
    return this.api.call('PATCH /v1/users/:id', { params: { id: this.me!.id }, body, headers });
  }

  /**
   * A live step-up token, or fresh proof turned into one: the form's `password` and, with an authenticator app, its
   * `code`; a person who signs in with security keys confirms with the password and then their key (the browser's
   * WebAuthn ceremony on the server's step-up challenge).
   */
  private async stepUpHeader(form: Form): Promise<Record<string, string> | null> {
    if (this.stepUp && this.stepUp.expiresAt - 15_000 > Date.now()) return { [STEP_UP_HEADER]: this.stepUp.token };
    const proof: StepUpRequest = { password: this.value(`${form}-password`), ...(this.needsCode ? { code: this.value(`${form}-code`).trim() } : {}) };
    const parsed = StepUpRequestSchema.safeParse(proof);
    const issues = parsed.success ? [] : toIssues(parsed.error.issues);
    if (this.needsCode && !proof.code) issues.push({ path: ['code'], message: this.t.proof.code });
    if (issues.length) {
      this.setProblems(form, issues);
      void this.focusFirstProblem(form);
      return null;
    }
    if (this.needsKey) {
      const challenge = await this.api.call('POST /v1/auth/step-up/webauthn', {});
      try {
        const credential = (await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(challenge.options as never) })) as PublicKeyCredential;
        proof.webauthn = { ticket: challenge.ticket, response: credential.toJSON() as unknown as Record<string, unknown> };
      } catch {
        this.banners = { ...this.banners, [form]: this.t.proof.keyFailed };
        return null;
      }
    }
    const r = await this.api.call('POST /v1/auth/step-up', { body: proof });
    this.stepUp = { token: r.stepUpToken, expiresAt: Date.parse(r.expiresAt) };
    this.smsCode = null;
    this.set(`${form}-password`, '');
    this.set(`${form}-code`, '');
    return { [STEP_UP_HEADER]: r.stepUpToken };
  }

  /** Fresh proof of a person who signs in with security keys includes their key (after the password). */
  private get needsKey(): boolean {
    return this.enrolled && this.me?.signInMethod === 'webauthn';
  }

  private get enrolled(): boolean {
    return this.me?.mfaState === 'enrolled';
  }

  /** Fresh proof includes a current code for an authenticator app or text messages (a security key's holder has none to type). */
  private get needsCode(): boolean {
    return this.enrolled && this.me?.signInMethod !== 'webauthn';
  }

  private get smsUser(): boolean {
    return this.me?.signInMethod === 'sms';
  }

  /** A step-up's code by text message; "Send a new code" waits out the server's resend delay, counting down. */
  private async sendSmsCode(form: Form): Promise<void> {
    await this.save(form, async () => {
      const sent = await this.api.call('POST /v1/auth/step-up/sms', {});
      this.smsCode = { to: sent.to, at: Date.now() + sent.resendAfterSeconds * 1000 };
      clearInterval(this.smsTick);
      this.smsTick = setInterval(() => (this.smsCode && this.smsCode.at > Date.now() ? this.requestUpdate() : clearInterval(this.smsTick)), 1000);
      this.renderRoot.querySelector<HTMLInputElement>(`#${form}-code`)?.focus();
    });
  }

  /** One's phone is where one's codes go: changing it is a credential change (a step-up), proven again at the next sign-in. */
  private get smsPhoneChanged(): boolean {
    return this.needsCode && this.smsUser && (this.value('profile-phone').trim() || null) !== this.me!.phone;
  }

  private get emailChanged(): boolean {
    return !!this.me && this.value('profile-email').trim().toLowerCase() !== this.me.email.toLowerCase();
  }

  private async saveProfile(e: Event): Promise<void> {
    e.preventDefault();
    const profile = this.tenant!.profile;
    const body: PatchUserInput = { firstName: this.value('profile-firstName'), lastName: this.value('profile-lastName') };
    if (this.emailChanged) body.email = this.value('profile-email').trim();
    if (profile.phoneMode !== 'hidden') body.phone = this.value('profile-phone').trim() || null;
    await this.save('profile', async () => {
      const [metadata] = await Promise.all([body.phone ? loadPhoneMetadata() : NO_PHONE_METADATA, body.email ? emailRulesReady(body.email) : undefined]);
      const result = patchUserSchema(profile, metadata).safeParse(body);
      this.setProblems('profile', result.success ? [] : toIssues(result.error.issues));
      if (!result.success) return void this.focusFirstProblem('profile');
      const headers = body.email || this.smsPhoneChanged ? await this.stepUpHeader('profile') : undefined;
      if (headers === null) return;
      const phoneBefore = this.me!.phone;
      const user = await this.patch(body, headers);
      // An active person's new address waits for its confirmation link (the server keeps the old one until then).
      const pending = body.email !== undefined && user.email.toLowerCase() !== body.email.toLowerCase();
      const notice = pending ? this.t.profile.confirmationSent(body.email!) : this.t.saved;
      this.saved(user, 'profile', notice);
      // A new phone number ends every session (the server's rule): this one too, in session mode.
      if (this.sessionMode && user.phone !== phoneBefore) this.sessionEnded('phone', notice);
    }, (name) => (name === 'currentPassword' ? 'password' : name));
  }

  /** The Display card: language and idle warning, checked by the contract's rules for a user's settings. */
  private async saveLanguage(e: Event): Promise<void> {
    e.preventDefault();
    const minutes = this.value('language-idleWarningMinutes').trim();
    // A number goes as a number; anything else as typed, for the contract to say what is wrong with it.
    const body = { language: this.value('language-language'), idleWarningMinutes: minutes !== '' && Number.isFinite(Number(minutes)) ? Number(minutes) : minutes };
    const result = patchUserSchema(this.tenant!.profile, NO_PHONE_METADATA).safeParse(body);
    this.setProblems('language', result.success ? [] : toIssues(result.error.issues));
    if (!result.success) return void this.focusFirstProblem('language');
    const { language, idleWarningMinutes } = result.data;
    await this.save('language', async () => {
      const user = await this.patch({ language, idleWarningMinutes });
      // The panel speaks the person's new language at once: its own `lang` wins over the page's.
      await Promise.all([loadLanguage(user.language), loadScreenWords('accountPanel', user.language, PANEL_WORDS)]).catch(() => undefined);
      this.lang = user.language;
      await this.updateComplete;
      this.saved(user, 'language');
    });
  }

  private async changePassword(e: Event): Promise<void> {
    e.preventDefault();
    const body = { currentPassword: this.value('password-password'), newPassword: this.value('password-next'), ...(this.enrolled && !this.needsKey ? { code: this.value('password-code').trim() } : {}) };
    const issues: Issue[] = [];
    const shape = ChangePasswordRequestSchema.safeParse({ ...body, currentPassword: body.currentPassword || undefined });
    if (!shape.success) issues.push(...toIssues(shape.error.issues));
    if (!body.currentPassword) issues.push({ path: ['password'], message: this.t.proof.password, code: 'password.current_required' });
    const rules = passwordRules(this.tenant!.profile).safeParse(body.newPassword);
    if (!rules.success) issues.push(...toIssues(rules.error.issues, ['next']));
    if (this.enrolled && !this.needsKey && !body.code) issues.push({ path: ['code'], message: this.t.proof.code });
    const problems: Record<string, Problem> = {};
    for (const i of issues) problems[`password.${i.path[0] === 'currentPassword' ? 'password' : i.path[0] === 'newPassword' ? 'next' : String(i.path[0])}`] ??= i;
    if (!problems['password.next'] && body.newPassword !== this.value('password-repeat')) problems['password.repeat'] = 'differ';
    this.problems = { ...Object.fromEntries(Object.entries(this.problems).filter(([k]) => !k.startsWith('password.'))), ...problems };
    if (Object.keys(problems).length) return void this.focusFirstProblem('password');
    await this.save('password', async () => {
      // A key holder's proof is the password and the key: a step-up first, its token in the header.
      if (this.needsKey) {
        const headers = await this.stepUpHeader('password');
        if (!headers) return;
        await this.api.call('POST /v1/auth/change-password', { body: { newPassword: body.newPassword }, headers });
      } else await this.api.call('POST /v1/auth/change-password', { body });
      for (const f of ['password', 'next', 'repeat', 'code']) this.set(`password-${f}`, '');
      await this.afterCredentialChange(this.t.password.changed, 'password');
    }, (name) => (name === 'currentPassword' ? 'password' : name === 'newPassword' ? 'next' : name));
  }

  /** Set up or replace the second factor: fresh proof (or a live step-up), then the new factor to scan. */
  private async startMfa(e?: Event): Promise<void> {
    e?.preventDefault();
    if (this.mfa.step === 'idle' && !(this.stepUp && this.stepUp.expiresAt - 15_000 > Date.now())) {
      this.mfa = { step: 'proof' };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#mfa-password')?.focus();
      return;
    }
    await this.save('mfa', async () => {
      const headers = await this.stepUpHeader('mfa');
      if (!headers) return;
      // The QR code's drawing is a chunk of its own, fetched with the enrolment; without it the secret is still shown.
      const [r, qr] = await Promise.all([this.api.call('POST /v1/auth/mfa/enrolment', { headers }), import('./qr-code.js').catch(() => null)]);
      this.mfa = { step: 'scan', ticket: r.ticket, secret: r.secret, qr: qr ? qr.readQrCode(r.qrCodeSvg) : null, draw: qr?.qrCodeTemplate };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#mfa-newCode')?.focus();
    }, (name) => name);
  }

  private async confirmMfa(e: Event): Promise<void> {
    e.preventDefault();
    if (this.mfa.step !== 'scan') return;
    const code = this.value('mfa-newCode').trim();
    if (!/^\d{6}$/.test(code)) {
      this.setProblems('mfa', [{ path: ['newCode'], message: this.t.secondFactor.codeFormat }]);
      return void this.focusFirstProblem('mfa');
    }
    const ticket = this.mfa.ticket;
    await this.save('mfa', async () => {
      await this.api.call('POST /v1/auth/mfa/confirm', { body: { ticket, code } });
      this.set('mfa-newCode', '');
      this.mfa = { step: 'idle' };
      await this.afterCredentialChange(this.t.secondFactor.done, 'second-factor');
    }, (name) => (name === 'code' ? 'newCode' : name));
  }

  /** A new set of recovery codes: fresh proof (or a live step-up), then the codes, shown this once. */
  private async makeRecoveryCodes(e?: Event): Promise<void> {
    e?.preventDefault();
    if (!this.recovery.proof && !(this.stepUp && this.stepUp.expiresAt - 15_000 > Date.now())) {
      this.recovery = { ...this.recovery, codes: null, proof: true };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#recovery-password')?.focus();
      return;
    }
    await this.save('recovery', async () => {
      const headers = await this.stepUpHeader('recovery');
      if (!headers) return;
      const r = await this.api.call('POST /v1/auth/recovery-codes', { headers });
      this.recovery = { remaining: r.recoveryCodes.length, codes: r.recoveryCodes, proof: false };
      this.notice = this.t.recoveryCodes.shownOnce;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#recovery-codes-list')?.focus();
    }, (name) => name);
  }

  /** The shown codes go away (they are never shown again), or the proof step is left. */
  private closeRecovery(): void {
    this.recovery = { ...this.recovery, codes: null, proof: false };
    this.setProblems('recovery', []);
    this.banners = { ...this.banners, recovery: '' };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('#recovery-start')?.focus());
  }

  private cancelMfa(): void {
    this.mfa = { step: 'idle' };
    this.setProblems('mfa', []);
    this.banners = { ...this.banners, mfa: '' };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('#mfa-start')?.focus());
  }

  /**
   * A password or second-factor change ended every session and widget token of the person (the server's cut is at the
   * next whole second, so a token minted within this second would still be refused): wait for it, then ask the
   * provider for a new token and read the person again.
   */
  private async afterCredentialChange(notice: string, section: AccountSection): Promise<void> {
    this.stepUp = undefined;
    if (this.sessionMode) {
      if (this.me) this.dispatchEvent(new AccountChangedEvent(this.me, section));
      return this.sessionEnded(section === 'password' ? 'password' : 'second-factor', notice);
    }
    if (!this.tokenProvider) {
      this.ended = true;
      this.notice = `${notice} ${this.t.reloadNeeded}`;
      return;
    }
    await new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)));
    this.tokens.invalidate();
    const me = await this.api.call('GET /v1/auth/me', {});
    this.saved(me, section, `${notice} ${this.t.signedOutEverywhere}`);
    void this.loadSessions();
  }

  private async saveAvailability(e: Event): Promise<void> {
    e.preventDefault();
    const availability = this.value('availability-availability') as PatchUserInput['availability'];
    await this.save('availability', async () => this.saved(await this.patch({ availability }), 'availability'));
  }

  private setChannel(channel: Channel, change: Partial<NotificationPreferences['email']>): void {
    this.notifications = { ...this.notifications, [channel]: { ...this.notifications[channel], ...change } };
  }

  private async saveNotifications(e: Event): Promise<void> {
    e.preventDefault();
    const result = NotificationPreferencesSchema.safeParse(this.notifications);
    this.setProblems('notifications', result.success ? [] : toIssues(result.error.issues));
    if (!result.success) return;
    await this.save('notifications', async () => this.saved(await this.patch({ notificationPreferences: result.data }), 'notifications'), (name) => (name === 'notificationPreferences' ? 'notifications' : name));
  }

  private async signOut(session: SessionInfo | 'others'): Promise<void> {
    this.busy = 'sessions';
    this.banners = { ...this.banners, sessions: '' };
    this.notice = '';
    try {
      let notice: string;
      if (session === 'others') {
        const { revoked } = await this.api.call('POST /v1/auth/sessions/revoke-all', {});
        notice = this.t.sessions.signedOutOthers(revoked);
      } else {
        await this.api.call('DELETE /v1/auth/sessions/:id', { params: { id: session.id } });
        notice = this.t.sessions.signedOut;
      }
      await this.loadSessions();
      this.notice = notice;
      if (this.me) this.dispatchEvent(new AccountChangedEvent(this.me, 'sessions'));
      await this.updateComplete;
      // The button pressed is gone with its session: the focus goes to the list's heading.
      this.renderRoot.querySelector<HTMLElement>('#sessions-heading')?.focus();
    } catch (error) {
      if (!this.sessionEnd) this.banners = { ...this.banners, sessions: error instanceof ApiError && error.status !== 0 ? error.message : this.t.unreachable };
    } finally {
      this.busy = null;
    }
  }

  // ——— templates ———

  private problemText(key: string): string {
    const p = this.problems[key];
    if (!p) return '';
    return p === 'differ' ? this.t.password.differ : contractMessage(p, localeOf(this));
  }

  private field(form: Form, name: string, label: string, o: { type?: string; autocomplete?: string; hint?: string; inputmode?: string; min?: number; max?: number } = {}): TemplateResult {
    const id = `${form}-${name}`;
    const error = this.problemText(`${form}.${name}`);
    const described = [o.hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
    return html`<div part="form-field" class="field">
      <label part="form-label" for=${id}>${label}</label>
      <input part="form-input" id=${id} name=${name} type=${o.type ?? 'text'} autocomplete=${o.autocomplete ?? 'off'} inputmode=${o.inputmode ?? nothing} min=${o.min ?? nothing} max=${o.max ?? nothing} .value=${this.value(id)}
        aria-invalid=${error ? 'true' : 'false'} aria-describedby=${described} @input=${(e: Event) => this.set(id, (e.target as HTMLInputElement).value)} />
      ${o.hint ? html`<div part="form-hint" class="hint" id=${`${id}-hint`}>${o.hint}</div>` : nothing}
      <div part="form-error" class="error" id=${`${id}-error`}>${error}</div>
    </div>`;
  }

  /** The current password and, with a factor enrolled, the current code: fresh proof for a credential change. */
  private proofFields(form: Form): TemplateResult {
    const t = this.t.proof;
    return html`${this.field(form, 'password', t.password, { type: 'password', autocomplete: 'current-password', ...(this.needsKey ? { hint: t.keyHint } : {}) })}
      ${this.needsCode ? this.field(form, 'code', t.code, { autocomplete: 'one-time-code', inputmode: 'numeric', hint: this.smsUser ? (this.smsCode ? t.smsSent(this.smsCode.to) : t.smsHint) : t.codeHint }) : nothing}
      ${this.needsCode && this.smsUser ? this.smsButton(form) : nothing}`;
  }

  private smsButton(form: Form): TemplateResult {
    const wait = this.smsCode ? Math.ceil((this.smsCode.at - Date.now()) / 1000) : 0;
    return html`<div class="actions"><button type="button" part="button" ?disabled=${wait > 0 || this.busy !== null || this.ended} @click=${() => this.sendSmsCode(form)}>${this.smsCode ? this.t.proof.smsAgain(wait) : this.t.proof.smsSend}</button></div>`;
  }

  private select(form: Form, name: string, label: string, options: readonly string[], text: (v: string) => string): TemplateResult {
    const id = `${form}-${name}`;
    return html`<div part="form-field" class="field">
      <label part="form-label" for=${id}>${label}</label>
      <select part="form-input" id=${id} @change=${(e: Event) => this.set(id, (e.target as HTMLSelectElement).value)}>
        ${options.map((o) => html`<option value=${o} ?selected=${o === this.value(id)}>${text(o)}</option>`)}
      </select>
    </div>`;
  }

  private card(section: AccountSection, heading: string, body: TemplateResult, lead?: string): TemplateResult {
    return html`<section part=${`section section-${section}`} class="card" aria-labelledby=${`${section}-heading`}>
      <h3 part="section-heading" id=${`${section}-heading`} tabindex="-1">${heading}</h3>
      ${lead ? html`<p class="lead">${lead}</p>` : nothing}
      ${body}
    </section>`;
  }

  private submitRow(form: Form, label: string, extra: TemplateResult | typeof nothing = nothing): TemplateResult {
    const banner = this.banners[form];
    return html`${banner ? html`<div part="banner" class="banner" role="alert">${banner}</div>` : nothing}
      <div class="actions">${extra}<button type="submit" part="button button-primary" class="primary" ?disabled=${this.busy !== null || this.ended}>${this.busy === form ? this.t.saving : label}</button></div>`;
  }

  private profileCard(): TemplateResult {
    const t = this.t.profile;
    const phone = this.tenant!.profile.phoneMode !== 'hidden';
    return this.card('profile', t.heading, html`<form data-form="profile" novalidate @submit=${this.saveProfile}>
      <div class="grid">
        ${this.field('profile', 'firstName', t.firstName, { autocomplete: 'given-name' })}
        ${this.field('profile', 'lastName', t.lastName, { autocomplete: 'family-name' })}
        ${this.field('profile', 'email', t.email, { type: 'email', autocomplete: 'email' })}
        ${phone ? this.field('profile', 'phone', t.phone, { type: 'tel', autocomplete: 'tel', hint: t.phoneHint }) : nothing}
      </div>
      ${(this.emailChanged || this.smsPhoneChanged) && !(this.stepUp && this.stepUp.expiresAt > Date.now()) ? html`<p class="lead">${t.emailProof}</p><div class="grid">${this.proofFields('profile')}</div>` : nothing}
      ${this.submitRow('profile', this.t.save)}
    </form>`);
  }

  /** The Display card (its form and part keep the name `language`): language and idle warning. */
  private languageCard(): TemplateResult {
    const t = this.t.language;
    return this.card('language', t.heading, html`<form data-form="language" novalidate @submit=${this.saveLanguage}>
      <div class="grid">
        ${this.select('language', 'language', t.label, languages, (l) => t.names[l as keyof typeof t.names])}
        ${this.field('language', 'idleWarningMinutes', t.idleWarning, { type: 'number', inputmode: 'numeric', min: 5, max: 1440, hint: t.idleWarningHint })}
      </div>
      ${this.submitRow('language', this.t.save)}
    </form>`);
  }

  private passwordCard(): TemplateResult {
    const t = this.t.password;
    return this.card('password', t.heading, html`<form data-form="password" novalidate @submit=${this.changePassword}>
      <div class="grid">
        ${this.proofFields('password')}
        ${this.field('password', 'next', t.next, { type: 'password', autocomplete: 'new-password', hint: t.hint(this.tenant!.profile.passwordMinLength) })}
        ${this.field('password', 'repeat', t.repeat, { type: 'password', autocomplete: 'new-password' })}
      </div>
      ${this.submitRow('password', t.change)}
    </form>`, this.sessionMode ? t.leadSession : t.lead);
  }

  private mfaCard(): TemplateResult {
    const t = this.t.secondFactor;
    const m = this.mfa;
    const cancel = html`<button type="button" part="button" @click=${this.cancelMfa}>${t.cancel}</button>`;
    let body: TemplateResult;
    if (m.step === 'scan') {
      body = html`<form data-form="mfa" novalidate @submit=${this.confirmMfa}>
        <p class="lead">${t.scan}</p>
        ${m.qr && m.draw ? m.draw(m.qr, t.qrLabel) : nothing}
        <p class="lead">${t.cantScan} <code part="secret" class="secret" id="mfa-secret">${m.secret}</code></p>
        ${this.field('mfa', 'newCode', t.newCode, { autocomplete: 'one-time-code', inputmode: 'numeric' })}
        ${this.submitRow('mfa', t.confirm, cancel)}
      </form>`;
    } else if (m.step === 'proof') {
      body = html`<form data-form="mfa" novalidate @submit=${this.startMfa}>
        <p class="lead">${t.proofLead}</p>
        <div class="grid">${this.proofFields('mfa')}</div>
        ${this.submitRow('mfa', t.continue, cancel)}
      </form>`;
    } else if (this.smsUser) {
      body = html`<p class="state">${this.enrolled ? t.sms(this.me!.phone ? `•••• ••${this.me!.phone.slice(-2)}` : '') : t.notEnrolled}</p>`;
    } else {
      const banner = this.banners.mfa;
      body = html`<p class="state">${this.enrolled ? t.enrolled : t.notEnrolled}</p>
        ${banner ? html`<div part="banner" class="banner" role="alert">${banner}</div>` : nothing}
        <div class="actions"><button type="button" id="mfa-start" part="button button-primary" class="primary" ?disabled=${this.busy !== null || this.ended} @click=${() => this.startMfa()}>${this.busy === 'mfa' ? this.t.saving : this.enrolled ? t.replace : t.setUp}</button></div>`;
    }
    return this.card('second-factor', t.heading, body, this.smsUser ? undefined : t.lead);
  }

  private keysCard(): TemplateResult {
    const t = this.t.keys;
    const k = this.keys;
    const when = new Intl.DateTimeFormat(localeOf(this), { dateStyle: 'medium' });
    const list =
      k.items === null
        ? nothing
        : k.items.length === 0
          ? html`<p class="state">${t.none}</p>`
          : html`<ul part="keys" class="keys">${k.items.map(
              (key) => html`<li><span class="key-name">${key.name}</span>
                <span class="key-details">${[t.added(when.format(new Date(key.createdAt))), key.lastUsedAt ? t.lastUsed(when.format(new Date(key.lastUsedAt))) : ''].filter(Boolean).join(' · ')}</span>
                <button type="button" part="button" aria-label=${t.removeNamed(key.name)} ?disabled=${this.busy !== null || this.ended} @click=${() => this.keyAction({ action: 'remove', key })}>${t.remove}</button></li>`,
            )}</ul>`;
    const body =
      k.step === 'proof' && k.pending
        ? html`${list}<form data-form="keys" novalidate @submit=${(e: Event) => this.keyAction(k.pending!, e)}>
            <p class="lead">${this.t.secondFactor.proofLead}</p>
            <div class="grid">${this.proofFields('keys')}</div>
            ${this.submitRow('keys', this.t.secondFactor.continue, html`<button type="button" part="button" @click=${this.cancelKeys}>${this.t.secondFactor.cancel}</button>`)}
          </form>`
        : html`${list}<form data-form="keys" novalidate @submit=${(e: Event) => this.keyAction({ action: 'add' }, e)}>
            <div class="grid">${this.field('keys', 'name', t.name, { hint: t.nameHint, autocomplete: 'off' })}</div>
            ${this.submitRow('keys', t.add)}
          </form>`;
    return this.card('second-factor', t.heading, body, t.lead);
  }

  private recoveryCard(): TemplateResult {
    const t = this.t.recoveryCodes;
    const r = this.recovery;
    let body: TemplateResult;
    if (!this.enrolled) {
      body = html`<p class="state">${t.notEnrolled}</p>`;
    } else if (r.codes) {
      body = html`<p class="lead">${t.shownOnce}</p>
        <ul part="recovery-codes" class="codes" id="recovery-codes-list" tabindex="-1">${r.codes.map((c) => html`<li><code>${c}</code></li>`)}</ul>
        <div class="actions"><button type="button" part="button button-primary" class="primary" @click=${this.closeRecovery}>${t.done}</button></div>`;
    } else if (r.proof) {
      body = html`<form data-form="recovery" novalidate @submit=${this.makeRecoveryCodes}>
        <p class="lead">${this.t.secondFactor.proofLead}</p>
        <div class="grid">${this.proofFields('recovery')}</div>
        ${this.submitRow('recovery', this.t.secondFactor.continue, html`<button type="button" part="button" @click=${this.closeRecovery}>${this.t.secondFactor.cancel}</button>`)}
      </form>`;
    } else {
      const banner = this.banners.recovery;
      body = html`${r.remaining === null ? nothing : html`<p class="state">${r.remaining === 0 ? t.none : t.left(r.remaining, RECOVERY_CODE_COUNT)}</p>`}
        ${banner ? html`<div part="banner" class="banner" role="alert">${banner}</div>` : nothing}
        <div class="actions"><button type="button" id="recovery-start" part="button button-primary" class="primary" ?disabled=${this.busy !== null || this.ended} @click=${() => this.makeRecoveryCodes()}>${this.busy === 'recovery' ? this.t.saving : t.generate}</button></div>`;
    }
    return this.card('recovery-codes', t.heading, body, t.lead);
  }

  private availabilityCard(): TemplateResult {
    const t = this.t.availability;
    return this.card('availability', t.heading, html`<form data-form="availability" @submit=${this.saveAvailability}>
      ${this.select('availability', 'availability', t.label, availabilities, (a) => t.values[a as keyof typeof t.values])}
      ${this.submitRow('availability', this.t.save)}
    </form>`);
  }

  private channel(channel: Channel): TemplateResult {
    const t = this.t.notifications;
    const c = this.notifications[channel];
    const name = channel === 'email' ? t.email : t.sms;
    const id = (f: string) => `notifications-${channel}-${f}`;
    return html`<fieldset class="channel">
      <legend>${name}</legend>
      <label class="check"><input type="checkbox" id=${id('enabled')} .checked=${c.enabled} @change=${(e: Event) => this.setChannel(channel, { enabled: (e.target as HTMLInputElement).checked })} /> ${t.enabled(name)}</label>
      <div part="form-field" class="field">
        <label part="form-label" for=${id('minSeverity')}>${t.minSeverity}</label>
        <select part="form-input" id=${id('minSeverity')} ?disabled=${!c.enabled} @change=${(e: Event) => this.setChannel(channel, { minSeverity: (e.target as HTMLSelectElement).value as typeof c.minSeverity })}>
          ${severities.map((s) => html`<option value=${s} ?selected=${s === c.minSeverity}>${t.severities[s]}</option>`)}
        </select>
      </div>
      <div part="form-field" class="field">
        <label part="form-label" for=${id('schedule')}>${t.when}</label>
        <select part="form-input" id=${id('schedule')} ?disabled=${!c.enabled} @change=${(e: Event) => this.setChannel(channel, { schedule: (e.target as HTMLSelectElement).value as typeof c.schedule })}>
          ${(['always', 'business_hours', ...(c.schedule === 'custom' ? (['custom'] as const) : [])] as const).map((s) => html`<option value=${s} ?selected=${s === c.schedule}>${t.schedules[s]}</option>`)}
        </select>
      </div>
      <div part="form-field" class="field">
        <label part="form-label" for=${id('minPriority')}>${t.minPriority}</label>
        <select part="form-input" id=${id('minPriority')} ?disabled=${!c.enabled} @change=${(e: Event) => this.setChannel(channel, { minPriority: (e.target as HTMLSelectElement).value as typeof c.minPriority })}>
          ${priorities.map((p) => html`<option value=${p} ?selected=${p === c.minPriority}>${t.priorities[p]}</option>`)}
        </select>
      </div>
    </fieldset>`;
  }

  private notificationsCard(): TemplateResult {
    const error = this.problemText('notifications.notifications');
    return this.card('notifications', this.t.notifications.heading, html`<form data-form="notifications" @submit=${this.saveNotifications}>
      <div class="grid">${this.channel('email')}${this.channel('sms')}</div>
      ${error ? html`<div part="form-error" class="error">${error}</div>` : nothing}
      ${this.submitRow('notifications', this.t.save)}
    </form>`);
  }

  private sessionsCard(): TemplateResult {
    const t = this.t.sessions;
    const when = new Intl.DateTimeFormat(localeOf(this), { dateStyle: 'medium', timeStyle: 'short' });
    const banner = this.banners.sessions;
    let body: TemplateResult;
    if (this.sessionsFailed) body = html`<p part="status" class="status" role="alert">${this.t.loadError} <button type="button" part="button" @click=${() => this.loadSessions()}>${this.t.retry}</button></p>`;
    else if (!this.sessions) body = html`<p part="status" class="status">${this.t.loading}</p>`;
    else {
      const others = this.sessions.filter((s) => !s.current);
      body = html`${others.length === 0 ? html`<p class="state">${t.empty}</p>` : nothing}
        <ul class="sessions">
          ${this.sessions.map((s) => {
            const browser = browserOf(s.userAgent) ?? t.unknownBrowser;
            const started = when.format(new Date(s.createdAt));
            const details = [t.started(started), s.lastUsedAt ? t.lastUsed(when.format(new Date(s.lastUsedAt))) : '', s.address ? t.from(s.address) : ''].filter(Boolean).join(' · ');
            return html`<li part=${s.current ? 'session session-current' : 'session'} class="session">
              <div><strong>${browser}</strong>${s.current ? html` <span class="badge">${t.current}</span>` : nothing}<div class="details">${details}</div></div>
              <button type="button" part="button button-danger" ?disabled=${this.busy !== null} aria-label=${t.signOutNamed(browser, started)} @click=${() => this.signOut(s)}>${t.signOut}</button>
            </li>`;
          })}
        </ul>
        ${banner ? html`<div part="banner" class="banner" role="alert">${banner}</div>` : nothing}
        ${others.length > 0
          ? html`<div class="actions"><button type="button" part="button button-danger" class="danger" ?disabled=${this.busy !== null} @click=${() => this.signOut('others')}>${t.signOutOthers}</button></div>`
          : nothing}`;
    }
    return this.card('sessions', t.heading, body, t.lead);
  }

  override render() {
    const t = this.t;
    const notice = html`<p part="notice" class="notice" role="status" aria-live="polite">${this.notice}</p>`;
    if (this.loadFailed)
      return html`<div part="panel" class="panel"><p part="status" class="status" role="alert">${t.loadError}</p>
        <button type="button" part="button" @click=${() => this.load()}>${t.retry}</button>${notice}</div>`;
    if ((!this.me || !this.tenant) && this.sessionEnd) return html`<div part="panel" class="panel"><p part="status" class="status" role="alert">${this.notice}</p></div>`;
    if (!this.me || !this.tenant) return html`<div part="panel" class="panel" aria-busy="true"><p part="status" class="status">${t.loading}</p>${notice}</div>`;
    return html`<div part="panel" class="panel">
      <h2 part="heading" class="title">${t.title}</h2>
      ${notice}
      <div class="cards">
        ${this.profileCard()} ${this.languageCard()} ${this.passwordCard()} ${this.me.signInMethod === 'webauthn' ? this.keysCard() : this.mfaCard()} ${this.recoveryCard()}
        ${this.me.kind === 'technician' ? this.availabilityCard() : nothing} ${this.notificationsCard()} ${this.sessionsCard()}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'account-panel': AccountPanel;
  }
}
