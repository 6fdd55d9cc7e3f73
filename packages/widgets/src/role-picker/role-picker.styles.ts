import { css } from 'lit';

export const styles = css`
  :host { display: block; font-size: 0.875rem; --roster-accent: #2f6fdf; }
  :host([disabled]) { opacity: 0.6; pointer-events: none; }
  input[type='search'] { width: 100%; box-sizing: border-box; font: inherit; padding: 0.4rem 0.55rem; border: 1px solid #b9c2cf; border-radius: 6px; margin-bottom: 0.4rem; }
  ul { list-style: none; margin: 0; padding: 0; max-height: var(--roster-role-list-height, 14rem); overflow: auto; border: 1px solid #dde2ea; border-radius: 6px; }
  li { padding: 0.35rem 0.6rem; border-bottom: 1px solid #eef1f5; }
  li:last-child { border-bottom: 0; }
  label { display: flex; gap: 0.5rem; align-items: center; cursor: pointer; }
  li[aria-disabled='true'] label { cursor: not-allowed; color: #6b7486; }
  .why { font-size: 0.75rem; color: #8a5a00; margin: 0.15rem 0 0 1.6rem; }
  details { margin: 0.15rem 0 0 1.6rem; font-size: 0.75rem; color: #5b6678; }
  summary { cursor: pointer; }
  .empty { padding: 0.6rem; color: #5b6678; }
  :focus-visible { outline: 3px solid color-mix(in srgb, var(--roster-accent) 45%, transparent); outline-offset: 1px; }
`;
