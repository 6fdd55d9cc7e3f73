import { css } from 'lit';

/** Cards in a column; two fields a row where the panel is wide enough, one below ~520px of its own width. */
export const styles = css`
  :host { display: block; container-type: inline-size; }
  .panel { display: grid; gap: var(--_space); }
  .title { margin: 0; font-size: 1.3em; }
  .cards { display: grid; gap: var(--_space); }
  .card { background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); padding: calc(var(--_space) * 1.25); }
  .card h3 { margin: 0 0 0.4rem; font-size: 1.08em; }
  .card h3:focus { outline: none; }
  .card h3:focus-visible { outline: 3px solid var(--_ring); }
  .lead, .state, .hint, .details { color: var(--_muted); }
  .lead { margin: 0 0 0.5rem; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0.2rem 1rem; }
  @container (max-width: 520px) { .grid { grid-template-columns: 1fr; } }
  .field { display: grid; align-content: start; }
  label { font-weight: 600; font-size: 0.92em; margin-block-start: 0.6rem; }
  input:not([type='checkbox']), select { width: 100%; box-sizing: border-box; margin-block-start: 0.2rem; min-block-size: 2.4em; }
  input[type='password'], input[type='number'] { background: var(--_surface); border: 1px solid var(--_control); border-radius: var(--_radius-sm); padding: 0.4em 0.55em; }
  input[aria-invalid='true'] { border-color: var(--_danger); }
  .hint { font-size: 0.86em; margin-block-start: 0.15rem; }
  .error { color: color-mix(in srgb, var(--_danger) 85%, var(--_text)); font-size: 0.88em; min-block-size: 1em; margin-block-start: 0.15rem; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.6rem; justify-content: flex-end; margin-block-start: 0.9rem; }
  .banner { background: color-mix(in srgb, var(--_danger) 12%, var(--_surface)); color: color-mix(in srgb, var(--_danger) 70%, var(--_text)); padding: 0.5rem 0.7rem; border-radius: var(--_radius-sm); margin-block-start: 0.6rem; }
  .notice { margin: 0; min-block-size: 1.2em; color: color-mix(in srgb, var(--_success) 85%, var(--_text)); font-weight: 600; }
  .notice:empty { min-block-size: 0; }
  .status { color: var(--_muted); }
  .qr { display: block; inline-size: 200px; block-size: 200px; margin-block: 0.5rem; }
  .secret { font-family: ui-monospace, monospace; word-break: break-all; direction: ltr; unicode-bidi: isolate; background: var(--_surface-alt); padding: 0.1em 0.35em; border-radius: var(--_radius-sm); color: var(--_text); }
  fieldset.channel { border: 1px solid var(--_border); border-radius: var(--_radius-sm); padding: 0.5rem 0.8rem 0.7rem; margin: 0; min-inline-size: 0; }
  legend { font-weight: 600; padding-inline: 0.3rem; }
  .check { display: flex; gap: 0.45rem; align-items: center; font-weight: 400; }
  .sessions { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
  .session { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 0.5rem; padding: 0.55rem 0.7rem; border: 1px solid var(--_border); border-radius: var(--_radius-sm); }
  .session .details { font-size: 0.88em; }
  .badge { font-size: 0.8em; font-weight: 600; padding: 0.1em 0.5em; border-radius: 999px; background: color-mix(in srgb, var(--_accent) 14%, var(--_surface)); color: color-mix(in srgb, var(--_accent) 60%, var(--_text)); }
  button.danger { background: var(--_danger); color: var(--_surface); }
  .session button { border-color: var(--_danger); color: color-mix(in srgb, var(--_danger) 85%, var(--_text)); }
  /* Addresses, numbers and keys read left to right in every language, aligned where an Arabic form aligns. */
  :host([dir='rtl']) :is(input[type='email'], input[type='tel'], #mfa-newCode, #mfa-code, #password-code, #profile-code) { direction: ltr; text-align: right; }
`;
