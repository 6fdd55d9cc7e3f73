import { css } from 'lit';

export const styles = css`
  :host { display: block; }
  form { display: grid; grid-template-columns: 1fr 1fr; gap: 0.2rem 1rem; }
  .full { grid-column: 1 / -1; }
  label { display: block; font-weight: 600; font-size: 0.92em; margin-block-start: 0.6rem; }
  input, select { width: 100%; box-sizing: border-box; margin-block-start: 0.2rem; }
  input[aria-invalid='true'], select[aria-invalid='true'] { border-color: var(--_danger); }
  .error { color: color-mix(in srgb, var(--_danger) 85%, var(--_text)); font-size: 0.88em; min-height: 1em; margin-block-start: 0.15rem; }
  fieldset { border: 0; padding: 0; margin: 0.6rem 0 0; min-width: 0; }
  legend { font-weight: 600; font-size: 0.92em; padding: 0; }
  .method { display: grid; grid-template-columns: auto 1fr; gap: 0 0.5rem; font-weight: 400; margin-block-start: 0.35rem; }
  .method input { width: auto; margin: 0.2em 0 0; grid-row: span 2; }
  .method small { color: var(--_muted); }
  .seat { display: flex; gap: 0.4rem; align-items: center; }
  .seat input { width: auto; margin: 0; }
  .actions { display: flex; gap: 0.6rem; justify-content: flex-end; margin-block-start: 1rem; }
  button { font-weight: 600; padding: 0.5em 1em; }
  button[type='submit'] { background: var(--_accent); color: var(--_on-accent); border-color: transparent; }
  button[disabled] { cursor: progress; }
  .banner { grid-column: 1 / -1; background: color-mix(in srgb, var(--_danger) 12%, var(--_surface)); color: color-mix(in srgb, var(--_danger) 70%, var(--_text)); padding: 0.5rem 0.7rem; border-radius: var(--_radius-sm); margin-block-start: 0.6rem; }
  /* Addresses, usernames and numbers read left to right in every language, aligned where an Arabic form aligns. */
  :host([dir='rtl']) :is(input[type='email'], input[type='tel'], #username) { direction: ltr; text-align: right; }
`;
