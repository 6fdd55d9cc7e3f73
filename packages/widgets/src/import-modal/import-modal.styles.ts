import { css } from 'lit';

export const styles = css`
  :host {
    --roster-font: inherit;
    --roster-accent: #2f6fdf;
    --roster-radius: 8px;
    --roster-border: #dde2ea;
    --roster-muted: #5b6678;
    --roster-danger: #b3261e;
    display: contents;
    font-family: var(--roster-font);
  }
  [hidden] { display: none !important; }
  dialog { border: 0; border-radius: var(--roster-radius); padding: 0; width: min(72rem, 96vw); max-height: 92vh; box-shadow: 0 10px 40px rgba(20, 40, 80, 0.25); color: #1c2430; font-family: var(--roster-font); }
  dialog::backdrop { background: rgba(20, 30, 50, 0.35); }
  .frame { display: flex; flex-direction: column; max-height: 92vh; }
  header { display: flex; align-items: center; gap: 1rem; padding: 1rem 1.25rem 0.75rem; border-bottom: 1px solid var(--roster-border); }
  header h2 { font-size: 1.15rem; margin: 0; flex: 1; }
  .content { padding: 1rem 1.25rem; overflow: auto; display: flex; flex-direction: column; gap: 0.9rem; min-height: 0; }
  footer { display: flex; align-items: center; gap: 0.6rem; padding: 0.75rem 1.25rem; border-top: 1px solid var(--roster-border); }
  footer .spacer { flex: 1; }
  .options { display: flex; flex-wrap: wrap; gap: 0.75rem 1.25rem; align-items: end; }
  label.field { display: flex; flex-direction: column; gap: 0.25rem; font-size: 0.78rem; color: var(--roster-muted); }
  select, input, textarea { font: inherit; font-size: 0.875rem; color: inherit; }
  select, input[type='text'] { padding: 0.35rem 0.5rem; border: 1px solid #b9c2cf; border-radius: 6px; background: #fff; min-height: 2rem; }
  fieldset { border: 0; padding: 0; margin: 0; font-size: 0.85rem; min-height: 2rem; }
  legend { font-size: 0.78rem; color: var(--roster-muted); padding: 0; margin-bottom: 0.3rem; }
  fieldset label { display: inline-flex; gap: 0.3rem; align-items: center; margin-right: 0.9rem; white-space: nowrap; }
  .drop { border: 2px dashed #b9c2cf; border-radius: var(--roster-radius); padding: 1rem; display: flex; flex-direction: column; gap: 0.6rem; background: #fafbfd; }
  .drop.over { border-color: var(--roster-accent); background: #eef4fd; }
  .drop textarea { width: 100%; box-sizing: border-box; min-height: 9rem; resize: vertical; border: 1px solid #b9c2cf; border-radius: 6px; padding: 0.5rem; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.8rem; }
  .hint { font-size: 0.8rem; color: var(--roster-muted); margin: 0; }
  .file-link { color: var(--roster-accent); text-decoration: underline; cursor: pointer; }
  .links { display: flex; gap: 1rem; font-size: 0.85rem; }
  a { color: var(--roster-accent); }
  button { font: inherit; font-size: 0.85rem; border: 1px solid #b9c2cf; background: #fff; border-radius: 6px; padding: 0.4rem 0.85rem; cursor: pointer; color: inherit; }
  button.primary { background: var(--roster-accent); color: #fff; border-color: transparent; font-weight: 600; }
  button[disabled] { opacity: 0.55; cursor: not-allowed; }
  button.link { border: 0; background: none; color: var(--roster-accent); padding: 0.2rem 0.3rem; text-decoration: underline; }
  :focus-visible { outline: 3px solid color-mix(in srgb, var(--roster-accent) 45%, transparent); outline-offset: 1px; }
  .banner { padding: 0.55rem 0.75rem; border-radius: 6px; font-size: 0.875rem; }
  .banner.error { background: #fbe7e9; color: #8a1c26; }
  .banner.ok { background: #e3f4e8; color: #17602f; }
  .banner.info { background: #eef4fd; color: #1f4f9c; }
  .banner ul { margin: 0.3rem 0 0; padding-left: 1.1rem; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem 0.9rem; align-items: center; font-size: 0.85rem; }
  .toolbar .count { margin-left: auto; color: var(--roster-muted); }
  .grid { border: 1px solid var(--roster-border); border-radius: 6px; overflow: auto; height: 22rem; position: relative; font-size: 0.8rem; }
  .grid-row { display: grid; align-items: center; min-height: 2.1rem; box-sizing: border-box; border-bottom: 1px solid #eef1f5; }
  .grid-head { position: sticky; top: 0; background: #f5f7fa; z-index: 1; font-weight: 600; border-bottom: 1px solid var(--roster-border); }
  .grid-head select { font-size: 0.78rem; padding: 0.15rem 0.3rem; min-height: 1.7rem; width: 100%; }
  .grid-body { position: relative; }
  .grid-body .grid-row { position: absolute; left: 0; right: 0; height: 2.1rem; }
  .grid-row > * { padding: 0 0.3rem; min-width: 0; }
  .grid-row input[type='text'] { width: 100%; box-sizing: border-box; border: 1px solid transparent; border-radius: 4px; padding: 0.2rem 0.35rem; min-height: 1.6rem; background: transparent; font-size: 0.8rem; }
  .grid-row input[type='text']:hover { border-color: #d3d9e2; }
  .grid-row input[type='text']:focus { border-color: var(--roster-accent); background: #fff; }
  .grid-row input[aria-invalid='true'] { border-color: var(--roster-danger); background: #fdf1f2; }
  .rownum { color: var(--roster-muted); text-align: right; font-variant-numeric: tabular-nums; }
  .problems { color: #9b1c28; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .remove { border: 0; background: none; padding: 0.1rem 0.35rem; color: var(--roster-muted); font-size: 1rem; }
  .remove:hover { color: var(--roster-danger); }
  .assign { display: flex; gap: 1rem; flex-wrap: wrap; padding: 0.75rem; border: 1px solid var(--roster-border); border-radius: 6px; background: #fafbfd; }
  .assign > div { flex: 1 1 16rem; display: flex; flex-direction: column; gap: 0.4rem; font-size: 0.85rem; }
  role-picker { --roster-role-list-height: 9rem; }
  progress { width: 100%; height: 0.6rem; }
  .progress { display: flex; flex-direction: column; gap: 0.3rem; font-size: 0.85rem; color: var(--roster-muted); }
  .counts { display: flex; gap: 1.5rem; font-size: 0.95rem; }
  .counts strong { font-size: 1.4rem; display: block; }
  .counts .imported strong { color: #17602f; } .counts .skipped strong { color: #8a5a00; } .counts .failed strong { color: #9b1c28; }
  .log { max-height: 16rem; overflow: auto; border: 1px solid var(--roster-border); border-radius: 6px; }
  .log table { border-collapse: collapse; width: 100%; font-size: 0.8rem; }
  .log th, .log td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #eef1f5; }
  .log th { position: sticky; top: 0; background: #f5f7fa; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
