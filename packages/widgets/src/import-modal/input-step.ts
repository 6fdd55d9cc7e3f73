import { html, nothing } from 'lit';
import { MAX_IMPORT_ROWS, type ImportAttribute, type ImportMode, type Organization, type PolicyProfile, type UserKind } from '@roster/contract';
import type { ImportModalStrings } from '../translations/index.js';

/** Saves a text the page made (the template, its rules, the import log) as a file. */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** What the options above the table show (who is imported, their organization, what errors do) and what they change. */
export interface ChoicesState {
  t: ImportModalStrings;
  /** Who is imported is chosen before the table is read. */
  locked: boolean;
  busy: boolean;
  kind: UserKind;
  organizationId: string;
  organizations: Organization[];
  mode: ImportMode;
  /** Whether the imported users get an invitation email (`sendInvitations`; on by default). */
  sendInvitations: boolean;
  setKind(kind: UserKind): void;
  setOrganization(id: string): void;
  setMode(mode: ImportMode): void;
  setSendInvitations(on: boolean): void;
}

/** The options of an import: technicians or end users (and which organization the latter join), all-or-nothing or row by row. */
export function renderChoices(c: ChoicesState) {
  const { t } = c;
  return html`<div part="options" class="options">
      <fieldset ?disabled=${c.locked}>
        <legend>${t.who}</legend>
        <label><input type="radio" name="kind" .checked=${c.kind === 'technician'} @change=${() => c.setKind('technician')} /> ${t.technicians}</label>
        <label><input type="radio" name="kind" .checked=${c.kind === 'end_user'} @change=${() => c.setKind('end_user')} /> ${t.endUsers}</label>
      </fieldset>
      ${c.kind === 'end_user'
        ? html`<label class="field">${t.organization}
            <select ?disabled=${c.busy} @change=${(e: Event) => c.setOrganization((e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${!c.organizationId}>${t.fromOrganizationColumn}</option>
              ${c.organizations.map((o) => html`<option value=${o.id} ?selected=${o.id === c.organizationId}>${o.name}</option>`)}
            </select></label>`
        : nothing}
      <label class="field">${t.ifErrors}
        <select ?disabled=${c.busy} @change=${(e: Event) => c.setMode((e.target as HTMLSelectElement).value as ImportMode)}>
          <option value="atomic" ?selected=${c.mode === 'atomic'}>${t.atomic}</option>
          <option value="per-row" ?selected=${c.mode === 'per-row'}>${t.perRow}</option>
        </select></label>
      <label><input part="send-invitations" type="checkbox" role="switch" .checked=${c.sendInvitations} ?disabled=${c.busy} aria-describedby=${c.sendInvitations ? nothing : 'send-invitations-off'} @change=${(e: Event) => c.setSendInvitations((e.target as HTMLInputElement).checked)} /> ${t.sendInvitations}</label>
      ${c.sendInvitations ? nothing : html`<p class="hint" id="send-invitations-off">${t.sendInvitationsOff}</p>`}
    </div>`;
}

/** What the first step shows and what it hands to `<import-modal>`. */
export interface InputState {
  t: ImportModalStrings;
  locale: string;
  /** The tenant's profile once loaded: the template and its rules follow it. */
  profile: PolicyProfile | null;
  kind: UserKind;
  /** The tenant's custom attributes: the template has a column for each. */
  attributes: readonly ImportAttribute[];
  dragging: boolean;
  inputError: string;
  setDragging(on: boolean): void;
  paste(e: ClipboardEvent): void;
  drop(e: DragEvent): void;
  file(file: File | undefined): void;
}

/** The first step: paste cells or drop a CSV/TSV file, and the template with its rules to download. */
export function renderInput(s: InputState, choices: ChoicesState) {
  const { t } = s;
  const profile = s.profile;
  const download = (part: 'csv' | 'readme') => () => void import('./template-download.js').then((m) => profile && m.downloadTemplate(profile, s.kind, s.attributes, part));
  return html`${renderChoices(choices)}
      <div part="drop-zone" class="drop ${s.dragging ? 'over' : ''}" @dragover=${(e: DragEvent) => { e.preventDefault(); s.setDragging(true); }} @dragleave=${() => s.setDragging(false)} @drop=${(e: DragEvent) => s.drop(e)}>
        <label for="paste"><strong>${t.pasteLabel}</strong>${t.pasteLabelRest}</label>
        <textarea part="paste" id="paste" placeholder=${t.pastePlaceholder} aria-describedby="paste-hint" @paste=${(e: ClipboardEvent) => s.paste(e)}></textarea>
        <p class="hint" id="paste-hint">${t.dropHint}<label>${t.chooseFile}<input class="sr-only" type="file" accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values" @change=${(e: Event) => s.file((e.target as HTMLInputElement).files?.[0])} /></label>${t.dropHintRest(MAX_IMPORT_ROWS.toLocaleString(s.locale))}</p>
      </div>
      ${s.inputError ? html`<div part="banner banner-error" class="banner error" role="alert">${s.inputError}</div>` : nothing}
      ${profile
        ? html`<div class="links">
            <button type="button" class="link" @click=${download('csv')}>${t.template}</button>
            <button type="button" class="link" @click=${download('readme')}>${t.rules}</button>
          </div>`
        : nothing}`;
}
