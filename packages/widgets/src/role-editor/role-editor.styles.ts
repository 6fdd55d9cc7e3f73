import { css } from 'lit';

/** Sizes are in `em` of the host's `--roster-font-size`; colours, radii and spacing are the tokens of `tokens`. */
export const styles = css`
  :host { display: block; background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); container-type: inline-size; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem var(--_space); align-items: center; padding: var(--_space); border-block-end: 1px solid var(--_border); }
  .hint { color: var(--_muted); font-size: 0.92em; }
  .toolbar .hint { flex: 1 1 16rem; }
  .notice { flex-basis: 100%; color: var(--_success); font-weight: 600; }
  .notice:empty { display: none; }
  .list { list-style: none; margin: 0; padding: 0; }
  .list:focus-visible { outline-offset: -3px; }
  li { display: grid; grid-template-columns: minmax(10rem, 1fr) minmax(8rem, 12rem) minmax(12rem, 2fr) auto; gap: 0.3rem 1rem; align-items: start; padding: 0.7rem var(--_space); border-block-end: 1px solid var(--_border); }
  li:last-child { border-block-end: 0; }
  .head { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
  .name { font-weight: 600; }
  .badge { font-size: 0.8em; padding: 0.05rem 0.45rem; border-radius: 999px; background: var(--_surface-alt); border: 1px solid var(--_border); color: var(--_muted); }
  .description { grid-column: 1; margin: 0; color: var(--_muted); font-size: 0.92em; }
  .scope { grid-row: 1; grid-column: 2; color: var(--_muted); font-size: 0.92em; }
  details { grid-row: 1 / span 2; grid-column: 3; font-size: 0.92em; }
  summary { cursor: pointer; }
  dl { margin: 0.3rem 0 0; display: grid; gap: 0.2rem; } dt { font-weight: 600; } dd { margin: 0; color: var(--_muted); }
  .actions { grid-row: 1; grid-column: 4; display: flex; gap: 0.4rem; }
  button.danger-outline { color: color-mix(in srgb, var(--_danger) 85%, var(--_text)); }
  .state { padding: 1.5rem var(--_space); color: var(--_muted); }
  .state strong { display: block; color: var(--_text); margin-block-end: 0.3rem; }
  .state button { margin-block-start: 0.6rem; }
  .skeleton { height: 2.4rem; margin-block: 0.4rem; border-radius: var(--_radius-sm); background: var(--_surface-alt); }
  /* A narrow container (a phone, a side panel): each role is a card, its parts one under the other. */
  @container (max-width: 40rem) {
    li { grid-template-columns: 1fr; }
    .scope, details, .actions, .description { grid-row: auto; grid-column: 1; }
  }
  dialog { padding: 1.25rem 1.5rem; width: min(44rem, 92vw); max-height: calc(100dvh - 2rem); overflow: auto; box-sizing: border-box; }
  @media (max-width: 480px) { dialog { width: calc(100vw - 1rem); max-width: none; padding: 1rem; } }
  dialog h2 { font-size: 1.25em; margin: 0 0 0.75rem; }
  .field { margin-block-end: 0.6rem; }
  .field label, .label, legend { display: block; font-weight: 600; font-size: 0.92em; margin-block-end: 0.25rem; }
  .field :is(input, textarea) { width: 100%; box-sizing: border-box; }
  [aria-invalid='true'] { border-color: var(--_danger); }
  .error { color: color-mix(in srgb, var(--_danger) 85%, var(--_text)); font-size: 0.88em; min-height: 1em; margin-block-start: 0.15rem; }
  .organizations { margin: 0 0 0.6rem; padding: 0.4rem 0.7rem; border: 1px solid var(--_border); border-radius: var(--_radius-sm); }
  .choices { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 12rem), 1fr)); gap: 0.3rem 1rem; max-height: 12rem; overflow: auto; margin-block-start: 0.4rem; }
  .choices label { display: flex; gap: 0.4rem; align-items: center; }
  .dialog-error { padding: 0.5rem 0.7rem; border-radius: var(--_radius-sm); background: color-mix(in srgb, var(--_danger) 12%, var(--_surface)); color: color-mix(in srgb, var(--_danger) 70%, var(--_text)); }
  .footer { display: flex; justify-content: flex-end; gap: 0.5rem; margin-block-start: 1rem; }
`;
