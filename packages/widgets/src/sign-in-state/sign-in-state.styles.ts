import { css } from 'lit';

/** The Status tab's look (the sheet's own styles come first): the sessions list and the suspension form. */
export const styles = css`
  :host { display: block; }
  section { margin-block-start: 1.25rem; }
  h3 { font-size: 1em; margin: 0 0 0.4rem; }
  ul.sessions { list-style: none; padding: 0; margin: 0; }
  ul.sessions li { display: flex; gap: 0.75rem; justify-content: space-between; align-items: center; padding: 0.45rem 0; border-block-end: 1px solid var(--_border); }
  label { display: grid; gap: 0.2rem; margin-block-start: 0.6rem; }
  textarea, input { font: inherit; color: var(--_text); }
  textarea { min-height: 3.5em; resize: vertical; }
  .field-error { color: color-mix(in srgb, var(--_danger) 70%, var(--_text)); font-size: 0.9em; margin: 0.15rem 0 0; }
  .suspended { border-inline-start: 4px solid var(--_danger); padding-inline-start: 0.75rem; }
  .suspended p { margin: 0 0 0.3rem; overflow-wrap: anywhere; }
`;
