import { css } from 'lit';

/** A side sheet at the inline end of the window; the whole window below ~640 px (a dialog on a phone). */
export const styles = css`
  :host { display: contents; }
  dialog { margin: 0; margin-inline-start: auto; inset-block: 0; height: 100dvh; max-height: 100dvh; width: min(44rem, 100vw); max-width: 100vw; border-radius: 0; box-sizing: border-box; display: flex; flex-direction: column; padding: 0; }
  dialog:not([open]) { display: none; }
  header { padding: 1rem 1.25rem 0; border-block-end: 1px solid var(--_border); }
  .heading { display: flex; gap: 0.75rem; align-items: start; }
  .heading > div { flex: 1; min-width: 0; }
  h2 { font-size: 1.3em; margin: 0; overflow-wrap: anywhere; }
  .sub { color: var(--_muted); margin: 0.15rem 0 0.4rem; overflow-wrap: anywhere; }
  .close { font-size: 1.3em; line-height: 1; padding: 0.2em 0.5em; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.4rem; margin-block: 0.5rem 0.75rem; }
  .actions button { padding: 0.3em 0.75em; }
  button.danger-outline { color: color-mix(in srgb, var(--_danger) 85%, var(--_text)); }
  [role='tablist'] { display: flex; gap: 0.25rem; overflow-x: auto; margin-block-end: -1px; }
  [role='tab'] { border: 0; border-block-end: 3px solid transparent; border-radius: 0; background: none; padding: 0.55em 0.8em; font-weight: 600; color: var(--_muted); white-space: nowrap; }
  [role='tab'][aria-selected='true'] { color: var(--_text); border-block-end-color: var(--_accent); }
  /* The phone (a tel: link) reads as text in any theme, underlined in the accent. */
  a[part~='phone'] { color: inherit; text-decoration-color: var(--_accent); text-underline-offset: 0.2em; }
  .body { flex: 1; overflow: auto; padding: 1rem 1.25rem 1.5rem; }
  .notice { padding: 0.5rem 0.75rem; border-radius: var(--_radius-sm); margin-block-end: 0.75rem; background: color-mix(in srgb, var(--_success) 12%, var(--_surface)); color: color-mix(in srgb, var(--_success) 70%, var(--_text)); }
  .notice.bad, .error { background: color-mix(in srgb, var(--_danger) 12%, var(--_surface)); color: color-mix(in srgb, var(--_danger) 70%, var(--_text)); }
  .notice:empty { display: none; }
  .error { padding: 0.5rem 0.75rem; border-radius: var(--_radius-sm); }
  [part~='email-suppressed'] { margin-block: 0 0.75rem; }
  [part~='email-suppressed'] p { margin: 0 0 0.35rem; overflow-wrap: anywhere; }
  .info { padding: 0.5rem 0.75rem; border-radius: var(--_radius-sm); background: color-mix(in srgb, var(--_accent) 9%, var(--_surface)); margin-block: 0 0.75rem; }
  .confirm { border: 2px solid var(--_danger); border-radius: var(--_radius); padding: 0.75rem 1rem; margin-block-end: 1rem; }
  .confirm h3 { margin: 0 0 0.4rem; font-size: 1em; }
  .confirm p { margin: 0 0 0.4rem; }
  .confirm small { display: block; }
  .row { display: flex; flex-wrap: wrap; gap: 0.5rem; justify-content: flex-end; margin-block-start: 0.75rem; }
  dl { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: 0.45rem 1rem; margin: 0 0 1rem; }
  dt { color: var(--_muted); }
  dd { margin: 0; overflow-wrap: anywhere; display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
  code { font-size: 0.9em; background: var(--_surface-alt); padding: 0.1em 0.35em; border-radius: 4px; }
  .copy { padding: 0.1em 0.6em; font-size: 0.9em; }
  section { margin-block-end: 1.5rem; }
  h3 { font-size: 1.05em; margin: 0 0 0.6rem; }
  .sub-h { font-size: 1em; margin: 1rem 0 0.2rem; }
  fieldset { border: 1px solid var(--_border); border-radius: var(--_radius-sm); padding: 0.6rem 0.8rem; margin: 0 0 0.75rem; }
  legend { font-weight: 600; padding-inline: 0.3rem; }
  .field { display: flex; flex-direction: column; gap: 0.2rem; margin-block-end: 0.6rem; }
  .field > span { color: var(--_muted); font-size: 0.92em; }
  .field :is(input:not([type='checkbox']), select) { min-height: 2.2em; max-width: 20rem; }
  .check { display: flex; gap: 0.5rem; align-items: start; margin-block-end: 0.45rem; }
  .check input { margin-block-start: 0.25em; }
  .hint { color: var(--_muted); font-size: 0.9em; margin: 0.1rem 0 0.5rem; }
  .perm small { display: block; color: var(--_muted); }
  .channels { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0.75rem; }
  .badge { display: inline-block; padding: 0.1em 0.6em; border-radius: 999px; font-size: 0.86em; font-weight: 600; --c: var(--_muted); background: color-mix(in srgb, var(--c) 12%, var(--_surface)); color: color-mix(in srgb, var(--c) 70%, var(--_text)); }
  .badge:is(.active, .registered, .enrolled, .available) { --c: var(--_success); }
  .badge:is(.invited, .pending) { --c: var(--_accent); }
  .badge:is(.locked_out, .expired, .suspended) { --c: var(--_danger); }
  ol.history { list-style: none; padding: 0; margin: 0; }
  ol.history li { padding: 0.55rem 0; border-block-end: 1px solid var(--_border); }
  ol.history time, ol.history .who { color: var(--_muted); font-size: 0.9em; }
  .skeleton { height: 0.8rem; margin: 0.8rem 0; border-radius: 4px; background: var(--_surface-alt); }
  @media (max-width: 640px) {
    dialog { width: 100vw; }
    header, .body { padding-inline: 0.85rem; }
    dl { grid-template-columns: 1fr; gap: 0.1rem; }
    dd { margin-block-end: 0.5rem; }
  }
`;
