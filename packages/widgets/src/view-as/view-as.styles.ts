import { css } from 'lit';

/** The "View as" dialog's look, on the theme's tokens: a small modal over the user's page. */
export const styles = css`
  :host { display: contents; }
  dialog { width: min(30rem, calc(100vw - 2rem)); border: 1px solid var(--_border); border-radius: var(--_radius, 8px); padding: 1.25rem; color: var(--_text); background: var(--_surface); }
  dialog::backdrop { background: rgb(0 0 0 / 0.35); }
  h2 { font-size: 1.15em; margin: 0 0 0.75rem; }
  ul { margin: 0 0 0.75rem; padding-inline-start: 1.2rem; display: grid; gap: 0.35rem; }
  label { display: grid; gap: 0.25rem; max-width: 8rem; }
  input { font: inherit; color: var(--_text); }
  .hint { font-size: 0.9em; color: var(--_muted); margin: 0.2rem 0 0; }
  .error { color: color-mix(in srgb, var(--_danger) 70%, var(--_text)); margin: 0.5rem 0 0; }
  .row { display: flex; flex-wrap: wrap; gap: 0.5rem; justify-content: flex-end; margin-block-start: 1rem; }
  a.primary { text-decoration: none; display: inline-flex; align-items: center; border-radius: var(--_radius-sm); padding: 0.4em 0.9em; background: var(--_accent); color: var(--_on-accent); font-weight: 600; }
  a.primary:focus-visible, button:focus-visible, input:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
  .ready { overflow-wrap: anywhere; }
`;
