import { css } from 'lit';

export const styles = css`
  :host {
    --roster-font: inherit;
    --roster-accent: #2f6fdf;
    --roster-radius: 8px;
    --roster-row-height: 44px;
    --roster-border: #dde2ea;
    --roster-surface: #fff;
    --roster-muted: #5b6678;
    /* A bounded height is what makes the body virtual; hosts set their own height on the element. */
    display: block;
    height: 36rem;
    min-height: 16rem;
    font-family: var(--roster-font);
    color: #1c2430;
    background: var(--roster-surface);
    border: 1px solid var(--roster-border);
    border-radius: var(--roster-radius);
    overflow: hidden;
    box-sizing: border-box;
    /* Below ~640 px of its own width (not the window's) the table turns into a list of cards. */
    container-type: inline-size;
  }
  [hidden] { display: none !important; }
  .frame { --_row-height: var(--roster-row-height, 44px); display: flex; flex-direction: column; height: 100%; min-height: 0; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem 0.75rem; align-items: end; padding: 0.75rem; border-bottom: 1px solid var(--roster-border); }
  .field { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.75rem; color: var(--roster-muted); }
  .search { flex: 1 1 16rem; }
  input[type='search'], select { font: inherit; font-size: 0.875rem; padding: 0.4rem 0.55rem; border: 1px solid #b9c2cf; border-radius: 6px; background: #fff; color: inherit; min-height: 2.1rem; }
  .check { flex-direction: row; align-items: center; gap: 0.4rem; font-size: 0.85rem; color: inherit; min-height: 2.1rem; }
  :focus-visible { outline: 3px solid color-mix(in srgb, var(--roster-accent) 45%, transparent); outline-offset: 1px; }
  .count { margin-left: auto; font-size: 0.8rem; color: var(--roster-muted); align-self: center; }
  .table { flex: 1; display: flex; flex-direction: column; min-height: 0; font-size: 0.875rem; }
  .row { display: grid; grid-template-columns: 2.5rem 9rem 9rem minmax(12rem, 1.6fr) minmax(8rem, 1fr) 7rem minmax(8rem, 1fr) 7.5rem 7rem 7rem 7.5rem 6.5rem 3rem; align-items: center; min-width: 96rem; }
  .header { background: #f5f7fa; border-bottom: 1px solid var(--roster-border); font-weight: 600; font-size: 0.8rem; }
  .header [role='columnheader'] { padding: 0 0.6rem; height: 2.4rem; display: flex; align-items: center; }
  .header button { all: unset; cursor: pointer; display: inline-flex; gap: 0.3rem; align-items: center; border-radius: 4px; padding: 0.15rem 0.25rem; margin-left: -0.25rem; }
  .header button:focus-visible { outline: 3px solid color-mix(in srgb, var(--roster-accent) 45%, transparent); }
  .arrow { font-size: 0.7rem; color: var(--roster-accent); width: 0.7rem; }
  .scroller { flex: 1; overflow: auto; position: relative; min-height: 0; scroll-padding-inline: 20.5rem 3rem; }
  /* The checkbox and the names stay at the start, the actions at the end, while the other columns scroll between. */
  .row > :is(:nth-child(-n+3), :nth-child(13)) { position: sticky; z-index: 1; align-self: stretch; display: flex; align-items: center; background: var(--roster-surface); }
  .header > :is(:nth-child(-n+3), :nth-child(13)) { background: #f5f7fa; }
  .row > :nth-child(1) { inset-inline-start: 0; }
  .row > :nth-child(2) { inset-inline-start: 2.5rem; }
  .row > :nth-child(3) { inset-inline-start: 11.5rem; box-shadow: inset -1px 0 0 #eef1f5; }
  .row > :nth-child(13) { inset-inline-end: 0; justify-content: center; }
  .body-row:hover > :is(:nth-child(-n+3), :nth-child(13)) { background: #f7f9fc; }
  [role='gridcell']:focus-visible { outline-offset: -3px; }
  .spacer { position: relative; }
  .head { position: sticky; top: 0; z-index: 1; }
  .body-row { position: absolute; left: 0; right: 0; height: var(--_row-height); border-bottom: 1px solid #eef1f5; cursor: pointer; box-sizing: border-box; }
  .body-row:hover { background: #f7f9fc; }
  .body-row:focus-visible { outline-offset: -3px; background: #eef4fd; }
  [role='gridcell'] { padding: 0 0.6rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .name { font-weight: 600; }
  .muted { color: var(--roster-muted); }
  .badge { display: inline-block; padding: 0.1rem 0.5rem; border-radius: 999px; font-size: 0.75rem; font-weight: 600; line-height: 1.4; }
  .badge.active, .badge.registered, .badge.enrolled, .badge.available { background: #e3f4e8; color: #17602f; }
  .badge.invited, .badge.pending { background: #e7effc; color: #1f4f9c; }
  .badge.deactivated, .badge.not_enrolled, .badge.out_of_office { background: #eef0f3; color: #4a5465; }
  .badge.locked_out, .badge.expired { background: #fdebec; color: #9b1c28; }
  .state { padding: 2.5rem 1rem; text-align: center; color: var(--roster-muted); }
  .state strong { display: block; color: #1c2430; margin-bottom: 0.35rem; }
  .state button { margin-top: 0.8rem; font: inherit; font-size: 0.85rem; font-weight: 600; border: 1px solid #b9c2cf; background: #fff; border-radius: 6px; padding: 0.4rem 0.9rem; cursor: pointer; }
  .skeleton { margin: 0.9rem 0; height: 0.7rem; border-radius: 4px; background: linear-gradient(90deg, #eef1f5, #f6f8fb, #eef1f5); background-size: 200% 100%; animation: shimmer 1.2s infinite linear; }
  @keyframes shimmer { to { background-position: -200% 0; } }
  @media (prefers-reduced-motion: reduce) { .skeleton { animation: none; } }
  .more { position: sticky; bottom: 0; padding: 0.35rem; text-align: center; font-size: 0.8rem; color: var(--roster-muted); background: rgba(255, 255, 255, 0.9); }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

  /* Cards: the same rows, cells and actions laid out for a narrow element (a phone, a side panel). The virtual body
     reads the card's height from --_row-height (px: it is measured from script). */
  @container (max-width: 639.98px) {
    .frame { --_row-height: 108px; }
    .toolbar { gap: 0.5rem; }
    .toolbar > .field:not(.check) { flex: 1 1 calc(50% - 0.5rem); min-width: 0; }
    .toolbar > .search.field { flex-basis: 100%; }
    .toolbar select { width: 100%; }
    .count { margin-inline-start: 0; }
    .header { display: none; }
    .row { min-width: 0; }
    .body-row { display: block; padding-block: 0.55rem; padding-inline: 2.75rem 3rem; }
    .body-row > [role='gridcell'] { display: block; position: static; padding: 0.05rem 0; background: none; }
    .body-row > :nth-child(1) { position: absolute; inset-inline-start: 0.75rem; top: 0.6rem; }
    .body-row > :nth-child(13) { position: absolute; inset-inline-end: 0.4rem; top: 0.4rem; }
    .body-row > :is(:nth-child(2), :nth-child(3), :nth-child(8), :nth-child(9)) { display: inline-block; margin-inline-end: 0.3rem; }
    .body-row > :is(:nth-child(5), :nth-child(6), :nth-child(10), :nth-child(11), :nth-child(12)) { display: none; }
  }
`;

export const actionStyles = css`
  button.secondary { font: inherit; font-size: 0.85rem; font-weight: 600; background: #fff; color: var(--roster-accent); border: 1px solid #b9c2cf; border-radius: 6px; padding: 0.4rem 0.9rem; cursor: pointer; align-self: center; }
  button.primary { font: inherit; font-size: 0.85rem; font-weight: 600; background: var(--roster-accent); color: #fff; border: 0; border-radius: 6px; padding: 0.45rem 0.9rem; cursor: pointer; align-self: center; }
  .bulk { display: flex; gap: 0.6rem; align-items: center; padding: 0.5rem 0.75rem; background: #eef4fd; border-bottom: 1px solid var(--roster-border); font-size: 0.85rem; }
  .bulk button, .dialog-actions button, .action-list button { font: inherit; font-size: 0.85rem; border: 1px solid #b9c2cf; background: #fff; border-radius: 6px; padding: 0.35rem 0.75rem; cursor: pointer; }
  .row-menu { font: inherit; font-size: 1.1rem; line-height: 1; border: 1px solid transparent; background: none; border-radius: 6px; padding: 0.15rem 0.45rem; cursor: pointer; }
  .row-menu:hover { border-color: #b9c2cf; }
  dialog { border: 0; border-radius: var(--roster-radius); padding: 1.25rem 1.5rem; width: min(36rem, 92vw); max-height: calc(100dvh - 2rem); overflow: auto; box-sizing: border-box; box-shadow: 0 10px 40px rgba(20, 40, 80, 0.25); }
  @media (max-width: 480px) { dialog { width: calc(100vw - 1rem); max-width: none; padding: 1rem; } }
  dialog::backdrop { background: rgba(20, 30, 50, 0.35); }
  dialog h2 { font-size: 1.1rem; margin: 0 0 0.75rem; }
  .action-list { display: flex; flex-direction: column; gap: 0.4rem; }
  .action-list button { text-align: left; padding: 0.5rem 0.75rem; }
  .dialog-actions { display: flex; justify-content: flex-end; gap: 0.5rem; margin-top: 1rem; }
  button.danger { background: #b3261e; color: #fff; border-color: transparent; }
  .dialog-actions button.primary { background: var(--roster-accent); color: #fff; border-color: transparent; }
  .dialog-actions button[disabled] { opacity: 0.55; cursor: not-allowed; }
  button.danger-outline { color: #a3202b; }
  .dialog-error { background: #fbe7e9; color: #8a1c26; padding: 0.5rem 0.7rem; border-radius: 6px; }
  progress { width: 100%; }
  .results { max-height: 14rem; overflow: auto; padding-left: 1.1rem; font-size: 0.85rem; }
  .results .ok { color: #17602f; } .results .bad { color: #9b1c28; }
`;
