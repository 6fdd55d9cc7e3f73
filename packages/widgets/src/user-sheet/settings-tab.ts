import { html, nothing } from 'lit';
import { languages, type Organization } from '@roster/contract';
import { notificationSchedules, notificationsWithheld, priorities, readNotificationPreferences, severities, weekdays, workingHours, type NotificationPreferences, type Weekday } from '@roster/contract/notifications';
import { can } from '../user-table/actions.js';
import { translate } from '../internal/language.js';
import { userFormEn } from '../translations/user-form.js';
import { signInMethodWords } from '../translations/sign-in-methods.js';
import { userTableEn } from '../translations/user-table.js';
import { userDialogsEn } from '../translations/user-dialogs.js';
import type { TabContext } from './access-tab.js';
import type { UserDetail } from './user-sheet.js';

/** The Settings tab's fields as the person edits them, before they are sent. */
export interface SettingsDraft {
  language: string;
  idleWarningMinutes: string;
  showGettingStarted: boolean;
  ticketPageAccessibility: boolean;
  timeZone: string;
  notifications: NotificationPreferences;
}

/** The draft of a user as saved (stored notification preferences read as the contract reads them: defaults fill gaps). */
export function settingsDraftOf(u: UserDetail): SettingsDraft {
  return {
    language: u.language,
    idleWarningMinutes: String(u.idleWarningMinutes),
    showGettingStarted: u.showGettingStarted,
    ticketPageAccessibility: u.ticketPageAccessibility,
    timeZone: u.timeZone ?? 'UTC',
    notifications: readNotificationPreferences(u.notificationPreferences),
  };
}

type Channel = 'email' | 'sms';

/**
 * Display, notifications and security, as seed 000's technician page groups them. Saved as one `PATCH`; the server's
 * rules (the contract's) name the field of any problem, shown under it.
 */
export function renderSettings(
  c: TabContext,
  s: {
    user: UserDetail;
    organizations: Organization[];
    draft: SettingsDraft;
    issues: Record<string, string>;
    /** Applies a change to the draft as it is then (two quick changes both count). */
    change(update: (draft: SettingsDraft) => SettingsDraft): void;
    save(body: Record<string, unknown>): void;
    resetMfa(): void;
    mayResetMfa: boolean;
    /** Opens the choice of another sign-in method; absent where the caller may not choose it. */
    changeMethod?: (() => void) | undefined;
  },
) {
  const { t, tenant } = c;
  const d = s.draft;
  const n = d.notifications;
  const words = translate(c.host, 'userForm', userFormEn);
  const edit = can(tenant, 'users.write');
  const set = (patch: Partial<SettingsDraft>) => s.change((d) => ({ ...d, ...patch }));
  const setNotifications = (update: (n: NotificationPreferences) => Partial<NotificationPreferences>) => s.change((d) => ({ ...d, notifications: { ...d.notifications, ...update(d.notifications) } }));
  const setChannel = (ch: Channel, patch: Partial<NotificationPreferences['email']>) => setNotifications((n) => ({ [ch]: { ...n[ch], ...patch } }));
  const error = (path: string) => (s.issues[path] ? html`<span class="error" role="alert" id=${`${path}-error`}>${s.issues[path]}</span>` : nothing);
  /** Every problem at `path` or inside it (`…organizationIds.2`, `…hours.from`), once each. */
  const errorsUnder = (path: string) => {
    const texts = [...new Set(Object.entries(s.issues).filter(([k]) => k === path || k.startsWith(`${path}.`)).map(([, m]) => m))];
    return texts.length ? html`<span class="error" role="alert" id=${`${path}-error`}>${texts.join(' ')}</span>` : nothing;
  };
  const invalid = (path: string) => (s.issues[path] ? 'true' : 'false');
  const submit = (e: Event) => {
    e.preventDefault();
    const minutes = Number(d.idleWarningMinutes);
    s.save({
      language: d.language,
      idleWarningMinutes: d.idleWarningMinutes.trim() === '' || !Number.isFinite(minutes) ? d.idleWarningMinutes : minutes,
      showGettingStarted: d.showGettingStarted,
      ticketPageAccessibility: d.ticketPageAccessibility,
      timeZone: d.timeZone.trim(),
      notificationPreferences: n,
    });
  };
  const path = (ch: Channel, f: string) => `notificationPreferences.${ch}.${f}`;
  const setSchedule = (ch: Channel, schedule: NotificationPreferences['email']['schedule']) =>
    // A custom schedule starts from working hours, to be changed.
    setNotifications((n) => ({ [ch]: { ...n[ch], schedule, hours: schedule === 'custom' && !n[ch].hours ? { ...workingHours, days: [...workingHours.days] } : n[ch].hours } }));
  const setHours = (ch: Channel, patch: (h: NonNullable<NotificationPreferences['email']['hours']>) => Partial<NonNullable<NotificationPreferences['email']['hours']>>) =>
    setNotifications((n) => {
      const h = n[ch].hours ?? { ...workingHours, days: [...workingHours.days] };
      return { [ch]: { ...n[ch], hours: { ...h, ...patch(h) } } };
    });
  const toggleDay = (ch: Channel, day: Weekday, on: boolean) =>
    setHours(ch, (h) => ({ days: weekdays.filter((d) => (d === day ? on : h.days.includes(d))) }));
  const hours = (ch: Channel) => {
    const h = n[ch].hours;
    if (n[ch].schedule !== 'custom' || !h) return nothing;
    return html`<fieldset class="plain hours"><legend>${t.days}</legend>
      ${weekdays.map((day) => html`<label class="check"><input type="checkbox" .checked=${h.days.includes(day)} @change=${(e: Event) => toggleDay(ch, day, (e.target as HTMLInputElement).checked)} /><span>${t.weekdays[day]}</span></label>`)}
      <label class="field"><span>${t.from}</span><input type="time" .value=${h.from} aria-invalid=${invalid(path(ch, 'hours.from'))} @change=${(e: Event) => setHours(ch, () => ({ from: (e.target as HTMLInputElement).value }))} /></label>
      <label class="field"><span>${t.to}</span><input type="time" .value=${h.to} aria-invalid=${invalid(path(ch, 'hours.to'))} @change=${(e: Event) => setHours(ch, () => ({ to: (e.target as HTMLInputElement).value }))} /></label>
      ${errorsUnder(path(ch, 'hours'))}
    </fieldset>`;
  };
  const channel = (ch: Channel) => html`<fieldset ?disabled=${!edit}><legend>${ch === 'email' ? t.email : t.sms}</legend>
    <label class="check"><input type="checkbox" .checked=${n[ch].enabled} @change=${(e: Event) => setChannel(ch, { enabled: (e.target as HTMLInputElement).checked })} /><span>${t.enabled}</span></label>
    <label class="field"><span>${t.minSeverity}</span><select .value=${n[ch].minSeverity} @change=${(e: Event) => setChannel(ch, { minSeverity: (e.target as HTMLSelectElement).value as never })}>
      ${severities.map((v) => html`<option value=${v} ?selected=${v === n[ch].minSeverity}>${t.severities[v]}</option>`)}</select></label>
    <label class="field"><span>${t.minPriority}</span><select .value=${n[ch].minPriority} @change=${(e: Event) => setChannel(ch, { minPriority: (e.target as HTMLSelectElement).value as never })}>
      ${priorities.map((v) => html`<option value=${v} ?selected=${v === n[ch].minPriority}>${t.priorities[v]}</option>`)}</select></label>
    <label class="field"><span>${t.schedule}</span><select .value=${n[ch].schedule} @change=${(e: Event) => setSchedule(ch, (e.target as HTMLSelectElement).value as never)}>
      ${notificationSchedules.map((v) => html`<option value=${v} ?selected=${v === n[ch].schedule}>${t.schedules[v]}</option>`)}</select></label>
    ${hours(ch)}
    ${errorsUnder(path(ch, 'minPriority'))}
  </fieldset>`;
  return html`<form novalidate @submit=${submit}>
    <section aria-labelledby="display-h"><h3 id="display-h">${t.display}</h3>
      <fieldset ?disabled=${!edit} class="plain">
        <label class="field"><span>${t.language}</span><select .value=${d.language} @change=${(e: Event) => set({ language: (e.target as HTMLSelectElement).value })}>
          ${languages.map((l) => html`<option value=${l} ?selected=${l === d.language}>${words.languages[l]}</option>`)}</select></label>
        <label class="field"><span>${t.idleWarning}</span><input type="number" inputmode="numeric" min="5" max="1440" .value=${d.idleWarningMinutes}
          aria-invalid=${invalid('idleWarningMinutes')} aria-describedby="idle-hint idleWarningMinutes-error" @input=${(e: Event) => set({ idleWarningMinutes: (e.target as HTMLInputElement).value })} />
          <span class="hint" id="idle-hint">${t.idleWarningHint}</span>${error('idleWarningMinutes')}</label>
        <label class="field"><span>${t.timeZone}</span><input type="text" autocomplete="off" spellcheck="false" .value=${d.timeZone}
          aria-invalid=${invalid('timeZone')} aria-describedby="tz-hint timeZone-error" @input=${(e: Event) => set({ timeZone: (e.target as HTMLInputElement).value })} />
          <span class="hint" id="tz-hint">${t.timeZoneHint}</span>${error('timeZone')}</label>
        <label class="check"><input type="checkbox" .checked=${d.showGettingStarted} @change=${(e: Event) => set({ showGettingStarted: (e.target as HTMLInputElement).checked })} /><span>${t.showGettingStarted}</span></label>
        ${s.user.kind === 'technician'
          ? html`<label class="check"><input type="checkbox" .checked=${d.ticketPageAccessibility} @change=${(e: Event) => set({ ticketPageAccessibility: (e.target as HTMLInputElement).checked })} /><span>${t.ticketPageAccessibility}</span></label>`
          : nothing}
      </fieldset>
    </section>
    <section aria-labelledby="notify-h"><h3 id="notify-h">${t.notifications}</h3>
      ${notificationsWithheld(tenant.profile, s.user) ? html`<p class="info" id="notify-role-note">${t.notificationsNeedRole(`${s.user.firstName} ${s.user.lastName}`)}</p>` : nothing}
      <fieldset ?disabled=${!edit}><legend>${t.notifyOrganizations}</legend>
        <label class="check"><input type="radio" name="orgs" .checked=${n.organizations === 'all'} @change=${() => setNotifications(() => ({ organizations: 'all', organizationIds: [] }))} /><span>${t.notifyAll}</span></label>
        <label class="check"><input type="radio" name="orgs" .checked=${n.organizations === 'selected'} @change=${() => setNotifications(() => ({ organizations: 'selected' }))} /><span>${t.notifySelected}</span></label>
        ${n.organizations === 'selected'
          ? s.organizations.map((o) => html`<label class="check nested"><input type="checkbox" .checked=${n.organizationIds.includes(o.id)}
              @change=${(e: Event) => setNotifications((n) => ({ organizationIds: (e.target as HTMLInputElement).checked ? [...n.organizationIds, o.id] : n.organizationIds.filter((x) => x !== o.id) }))} /><span dir="auto">${o.name}</span></label>`)
          : nothing}
        ${errorsUnder('notificationPreferences.organizationIds')}
      </fieldset>
      <div class="channels">${channel('email')}${channel('sms')}</div>
    </section>
    ${edit ? html`<div class="row"><button type="submit" part="button button-primary" class="primary" ?disabled=${c.busy}>${c.busy ? t.saving : t.save}</button></div>` : nothing}
    <section aria-labelledby="security-h"><h3 id="security-h">${t.security}</h3>
      <dl><dt>${t.signInMethod}</dt><dd>${signInMethodWords(c.host).methods[s.user.signInMethod].name}
          ${s.changeMethod ? html`<button type="button" part="button" ?disabled=${c.busy} @click=${s.changeMethod}>${t.changeMethod}</button>` : nothing}</dd>
        <dt>${t.twoFactor}</dt><dd><span class="badge ${s.user.mfaState}">${translate(c.host, 'userTable', userTableEn).mfa[s.user.mfaState]}</span>
          ${s.mayResetMfa ? html`<button type="button" part="button button-danger" class="danger-outline" @click=${s.resetMfa}>${translate(c.host, 'userDialogs', userDialogsEn).actions['reset-mfa']}</button>` : nothing}</dd></dl>
    </section>
  </form>`;
}
