import { css } from 'lit';

export const styles = css`
  :host { display: block; container-type: inline-size; }
  :host([disabled]) { opacity: 0.6; pointer-events: none; }
  [role='group'] { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr)); gap: 0.6rem; }
  fieldset { margin: 0; padding: 0.4rem 0.7rem 0.6rem; border: 1px solid var(--_border); border-radius: var(--_radius-sm); min-inline-size: 0; }
  legend { font-weight: 600; padding-inline: 0.25rem; }
  .permission + .permission { margin-block-start: 0.45rem; }
  label { display: flex; gap: 0.5rem; align-items: flex-start; cursor: pointer; }
  label input { margin: 0.15em 0 0; flex: none; }
  label[part~='permission-disabled'] { cursor: not-allowed; color: var(--_muted); }
  .about, .why { font-size: 0.86em; margin-inline-start: 1.6rem; }
  .about { color: var(--_muted); }
  .why { color: color-mix(in srgb, var(--_warning) 85%, var(--_text)); }
`;
