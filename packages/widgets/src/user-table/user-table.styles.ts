import { css } from 'lit';

/** Sizes are in `em` of the host's `--roster-font-size`; colours, radii and spacing are the tokens of `tokens`. */
export const styles = css`
  :host {
    /* A bounded height is what makes the body virtual; hosts set their own height on the element. */
    display: block;
    height: 36rem;
    min-height: 16rem;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    box-sizing: border-box;
    /* Below ~640 px of its own width (not the window's) the table turns into a list of cards. */
    container-type: inline-size;
  }
  .frame { display: flex; flex-direction: column; height: 100%; min-height: 0; position: relative; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem var(--_space); align-items: end; padding: var(--_space); border-block-end: 1px solid var(--_border); }
  .field { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.86em; color: var(--_muted); }
  .search { flex: 1 1 16rem; }
  .field > :is(input, select) { font-size: 1.16em; min-height: 2.4em; color: var(--_text); }
  .check { flex-direction: row; align-items: center; gap: 0.4rem; color: inherit; min-height: 2.1rem; font-size: 0.97em; }
  .count { margin-inline-start: auto; font-size: 0.92em; color: var(--_muted); align-self: center; }
  .table { flex: 1; display: flex; flex-direction: column; min-height: 0; }
  /* The template and minimum width come from the visible columns (row.ts COLUMN_TRACKS, the column chooser). */
  .row { display: grid; grid-template-columns: var(--_cols); align-items: center; min-width: var(--_min); }
  .row > [hidden] { display: none !important; }
  .header { background: var(--_surface-alt); border-block-end: 1px solid var(--_border); font-weight: 600; font-size: 0.92em; }
  .header [role='columnheader'] { padding-inline: 0.6rem; height: 2.4rem; display: flex; align-items: center; }
  .header button { all: unset; cursor: pointer; display: inline-flex; gap: 0.3rem; align-items: center; border-radius: 4px; padding: 0.15rem 0.25rem; margin-inline-start: -0.25rem; }
  .header button:focus-visible { outline: 3px solid var(--_ring); }
  .arrow { font-size: 0.8em; color: var(--_accent); width: 0.7rem; }
  .scroller { flex: 1; overflow: auto; position: relative; min-height: 0; scroll-padding-inline: 20.5rem 3rem; }
  .head { position: sticky; top: 0; z-index: 2; }
  /* The checkbox and the names stay at the start, the actions at the end, while the other columns scroll between. */
  .row > :is(:nth-child(-n+3), :last-child) { position: sticky; z-index: 1; align-self: stretch; display: flex; align-items: center; background: inherit; }
  .row > :nth-child(1) { inset-inline-start: 0; }
  .row > :nth-child(2) { inset-inline-start: 2.5rem; }
  .row > :nth-child(3) { inset-inline-start: 11.5rem; box-shadow: inset -1px 0 0 var(--_border); }
  .row > :last-child { inset-inline-end: 0; justify-content: center; }
  [role='gridcell']:focus-visible { outline-offset: -3px; }
  /* Addresses and usernames read left to right in every language, and end where an Arabic cell ends. */
  :host([dir='rtl']) [role='gridcell'][dir='ltr'] { text-align: right; }
  .spacer { position: relative; }
  .probe { position: absolute; visibility: hidden; height: var(--_row); }
  .body-row { position: absolute; inset-inline: 0; height: var(--_row); border-block-end: 1px solid var(--_border); cursor: pointer; box-sizing: border-box; background: var(--_surface); }
  .body-row[part~='row-selected'] { background: color-mix(in srgb, var(--_accent) 7%, var(--_surface)); }
  .body-row:hover { background: color-mix(in srgb, var(--_accent) 5%, var(--_surface)); }
  .body-row:focus-visible { outline-offset: -3px; background: color-mix(in srgb, var(--_accent) 9%, var(--_surface)); }
  [role='gridcell'] { padding-inline: 0.6rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .name { font-weight: 600; }
  .muted { color: var(--_muted); }
  .badge { --c: var(--_muted); background: color-mix(in srgb, var(--c) 12%, var(--_surface)); color: color-mix(in srgb, var(--c) 70%, var(--_text)); }
  .badge { display: inline-block; padding: 0.1em 0.6em; border-radius: 999px; font-size: 0.86em; font-weight: 600; line-height: 1.4; }
  .badge:is(.active, .registered, .enrolled, .available) { --c: var(--_success); }
  .badge:is(.invited, .pending) { --c: var(--_accent); }
  .badge:is(.locked_out, .expired, .suspended) { --c: var(--_danger); }
  /* The loading, empty and error states follow the table (a table holds rows only) and take the space of its body. */
  .table:has(+ .state) { flex: none; }
  .state { flex: 1; overflow: auto; padding: 2.5rem 1rem; text-align: center; color: var(--_muted); }
  .state strong { display: block; color: var(--_text); margin-block-end: 0.35rem; }
  .state button { margin-block-start: 0.8rem; font-weight: 600; }
  .skeleton { margin: 0.9rem 0; height: 0.7rem; border-radius: 4px; background: linear-gradient(90deg, var(--_surface-alt), var(--_surface), var(--_surface-alt)); background-size: 200% 100%; animation: shimmer 1.2s infinite linear; }
  @keyframes shimmer { to { background-position: -200% 0; } }
  @media (prefers-reduced-motion: reduce) { .skeleton { animation: none; } }
  .more { position: absolute; inset: auto 0 0; border-block-start: 1px solid var(--_border); padding: 0.35rem; text-align: center; font-size: 0.92em; color: var(--_muted); background: var(--_surface); }

  /* Cards: the same rows, cells and actions laid out for a narrow element (a phone, a side panel); the virtual body
     measures the card's height from the row token. */
  @container (max-width: 639.98px) {
    .frame { --_row: 108px; }
    .toolbar { gap: 0.5rem; }
    .toolbar > .field:not(.check) { flex: 1 1 calc(50% - 0.5rem); min-width: 0; }
    .toolbar > .search.field { flex-basis: 100%; }
    .toolbar select { width: 100%; }
    .count { margin-inline-start: 0; }
    .header { display: none; }
    .row { min-width: 0; }
    .body-row { display: block; padding-block: 0.55rem; padding-inline: 2.75rem 3rem; }
    .body-row > [role='gridcell'] { display: block; position: static; padding: 0.05rem 0; background: none; box-shadow: none; }
    .body-row > :nth-child(1) { position: absolute; inset-inline-start: 0.75rem; top: 0.6rem; }
    .body-row > :last-child { position: absolute; inset-inline-end: 0.4rem; top: 0.4rem; }
    .body-row > :is(:nth-child(2), :nth-child(3), :nth-child(9), :nth-child(10)) { display: inline-block; margin-inline-end: 0.3rem; }
    .body-row > :is(:nth-child(5), :nth-child(6), :nth-child(8), :nth-child(11), :nth-child(12), :nth-child(13), [part~=attribute-cell]) { display: none; }
  }
`;
