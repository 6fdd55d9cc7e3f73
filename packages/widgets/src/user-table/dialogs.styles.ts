import { css } from 'lit';

/**
 * The styles of what this module unlocks — the toolbar's and bulk bar's buttons, the row menus, the dialogs — added to
 * `<user-table>`'s own when it loads, so the table's first load does not carry them.
 */
export const actionStyles = css`
  .toolbar > button { align-self: center; font-weight: 600; }
  button.secondary { color: var(--_accent); }
  .bulk { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; padding: 0.5rem var(--_space); background: color-mix(in srgb, var(--_accent) 9%, var(--_surface)); border-block-end: 1px solid var(--_border); }
  .bulk button, .dialog-actions button, .action-list button { padding: 0.35em 0.85em; }
  .row-menu { font-size: 1.25em; line-height: 1; border-color: transparent; background: none; padding: 0.15rem 0.45rem; }
  .row-menu:hover { border-color: var(--_control); }
  dialog { padding: 1.25rem 1.5rem; width: min(36rem, 92vw); max-height: calc(100dvh - 2rem); overflow: auto; box-sizing: border-box; }
  @media (max-width: 480px) { dialog { width: calc(100vw - 1rem); max-width: none; padding: 1rem; } }
  dialog h2 { font-size: 1.25em; margin: 0 0 0.75rem; }
  .action-list { display: flex; flex-direction: column; gap: 0.4rem; }
  .action-list button { text-align: start; padding: 0.5rem 0.75rem; }
  .dialog-actions { display: flex; justify-content: flex-end; gap: 0.5rem; margin-block-start: 1rem; }
  button.danger-outline { color: color-mix(in srgb, var(--_danger) 85%, var(--_text)); }
  .dialog-error { padding: 0.5rem 0.7rem; border-radius: var(--_radius-sm); background: color-mix(in srgb, var(--_danger) 12%, var(--_surface)); color: color-mix(in srgb, var(--_danger) 70%, var(--_text)); }
  progress { width: 100%; }
  /* The outcomes scroll with the dialog (which holds the Close button), not in a box of their own. */
  .results { padding-inline-start: 1.1rem; }
  .results .ok { color: var(--_success); } .results .bad { color: var(--_danger); } .results .skip { color: var(--_muted); }
  fieldset.columns { border: 0; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.35rem 1rem; }
  fieldset.columns .check { display: flex; gap: 0.45rem; align-items: center; }
  button.link { border-color: transparent; background: none; color: var(--_accent); text-decoration: underline; padding-inline: 0.3em; }
`;
