import { css } from 'lit';

export const styles = css`
  :host { display: block; font-size: 0.9rem; }
  form { display: grid; grid-template-columns: 1fr 1fr; gap: 0.2rem 1rem; }
  .full { grid-column: 1 / -1; }
  label { display: block; font-weight: 600; font-size: 0.8rem; margin-top: 0.6rem; }
  input, select { width: 100%; box-sizing: border-box; font: inherit; padding: 0.45rem 0.55rem; border: 1px solid #b9c2cf; border-radius: 6px; margin-top: 0.2rem; }
  input[aria-invalid='true'], select[aria-invalid='true'] { border-color: #b3261e; }
  .error { color: #a3202b; font-size: 0.78rem; min-height: 1em; margin-top: 0.15rem; }
  fieldset { border: 1px solid #dde2ea; border-radius: 6px; margin-top: 0.6rem; padding: 0.4rem 0.7rem; }
  legend { font-weight: 600; font-size: 0.8rem; }
  .roles label { font-weight: 400; display: flex; gap: 0.4rem; align-items: center; margin: 0.2rem 0; }
  .roles input { width: auto; margin: 0; }
  .seat input { width: auto; }
  .actions { display: flex; gap: 0.6rem; justify-content: flex-end; margin-top: 1rem; }
  button { font: inherit; font-weight: 600; border-radius: 6px; padding: 0.5rem 1rem; cursor: pointer; border: 1px solid #b9c2cf; background: #fff; }
  button[type='submit'] { background: var(--roster-accent, #2f6fdf); border-color: transparent; color: #fff; }
  button[disabled] { opacity: 0.6; cursor: progress; }
  .banner { grid-column: 1 / -1; background: #fbe7e9; color: #8a1c26; padding: 0.5rem 0.7rem; border-radius: 6px; margin-top: 0.6rem; }
  :focus-visible { outline: 3px solid color-mix(in srgb, var(--roster-accent, #2f6fdf) 45%, transparent); outline-offset: 1px; }
`;