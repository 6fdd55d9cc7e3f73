import { css } from 'lit';

export const styles = css`
  :host { display: block; --_list-height: var(--roster-role-list-height, 14rem); }
  :host([disabled]) { opacity: 0.6; pointer-events: none; }
  input[type='search'] { width: 100%; box-sizing: border-box; margin-block-end: 0.4rem; }
  ul { list-style: none; margin: 0; padding: 0; max-height: var(--_list-height); overflow: auto; border: 1px solid var(--_border); border-radius: var(--_radius-sm); background: var(--_surface); }
  li { padding: 0.35rem 0.6rem; border-block-end: 1px solid var(--_border); }
  li:last-child { border-block-end: 0; }
  label { display: flex; gap: 0.5rem; align-items: center; cursor: pointer; }
  li[aria-disabled='true'] label { cursor: not-allowed; color: var(--_muted); }
  .why, details { font-size: 0.86em; margin: 0.15rem 0 0; margin-inline-start: 1.6rem; }
  .why { color: color-mix(in srgb, var(--_warning) 85%, var(--_text)); }
  details, .empty { color: var(--_muted); }
  summary { cursor: pointer; }
  dl { margin: 0.2rem 0 0; } dl div { display: flex; flex-wrap: wrap; gap: 0 0.4rem; } dt { font-weight: 600; } dt::after { content: ':'; } dd { margin: 0; }
  .empty { padding: 0.6rem; }
`;
