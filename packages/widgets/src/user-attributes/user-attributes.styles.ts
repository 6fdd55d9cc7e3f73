import { css } from 'lit';

/** The Attributes tab's look (the sheet's own styles come first): one labelled input per attribute, its error below. */
export const styles = css`
  :host { display: block; }
  form { display: grid; gap: 0.75rem; margin-block-start: 0.5rem; }
  h3 { font-size: 1em; margin: 0; }
  .field { display: grid; gap: 0.2rem; }
  .field label { font-weight: 600; }
  .req { font-weight: 400; color: var(--_muted, inherit); }
  input, select { font: inherit; color: var(--_text); max-inline-size: 28rem; }
  input[type='checkbox'] { justify-self: start; }
  .missing { color: color-mix(in srgb, var(--_danger) 70%, var(--_text)); font-size: 0.9em; margin: 0; }
  .field-error { color: color-mix(in srgb, var(--_danger) 70%, var(--_text)); font-size: 0.9em; margin: 0; }
  .value { margin: 0; overflow-wrap: anywhere; }
`;
