import { css } from 'lit';

export const styles = css`
  :host { display: contents; }
  dialog { width: min(72rem, 96vw); max-height: 92vh; }
  .frame { display: flex; flex-direction: column; max-height: 92vh; }
  header { display: flex; align-items: center; gap: 1rem; padding: 1rem 1.25rem 0.75rem; border-block-end: 1px solid var(--_border); }
  header h2 { font-size: 1.3em; margin: 0; flex: 1; }
  .content { padding: 1rem 1.25rem; overflow: auto; display: flex; flex-direction: column; gap: 0.9rem; min-height: 0; }
  footer { display: flex; align-items: center; gap: 0.6rem; padding: 0.75rem 1.25rem; border-block-start: 1px solid var(--_border); }
  footer .spacer { flex: 1; }
  .options { display: flex; flex-wrap: wrap; gap: 0.75rem 1.25rem; align-items: end; }
  label.field, legend { font-size: 0.9em; color: var(--_muted); }
  label.field { display: flex; flex-direction: column; gap: 0.25rem; }
  label.field > select { color: var(--_text); font-size: 1.1em; }
  select, input[type='text'] { min-height: 2rem; }
  fieldset { border: 0; padding: 0; margin: 0; min-height: 2rem; }
  legend { padding: 0; margin-block-end: 0.3rem; }
  fieldset label { display: inline-flex; gap: 0.3rem; align-items: center; margin-inline-end: 0.9rem; white-space: nowrap; }
  .drop { border: 2px dashed var(--_control); border-radius: var(--_radius); padding: 1rem; display: flex; flex-direction: column; gap: 0.6rem; background: var(--_surface-alt); }
  .drop.over { border-color: var(--_accent); background: color-mix(in srgb, var(--_accent) 9%, var(--_surface)); }
  .drop textarea { width: 100%; box-sizing: border-box; min-height: 9rem; resize: vertical; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.92em; }
  .hint { font-size: 0.92em; color: var(--_muted); margin: 0; }
  .hint label { color: var(--_accent); text-decoration: underline; cursor: pointer; }
  .links { display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; }
  .copy-state { color: var(--_muted); font-size: 0.9em; }
  button.link { border: 0; background: none; color: var(--_accent); padding: 0.2rem 0.3rem; text-decoration: underline; }
  .banner { --c: var(--_accent); padding: 0.55rem 0.75rem; border-radius: var(--_radius-sm); background: color-mix(in srgb, var(--c) 12%, var(--_surface)); color: color-mix(in srgb, var(--c) 70%, var(--_text)); }
  .banner.error { --c: var(--_danger); }
  .banner.ok { --c: var(--_success); }
  .banner button.link { color: inherit; }
  .banner ul { margin: 0.3rem 0 0; padding-inline-start: 1.1rem; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem 0.9rem; align-items: center; }
  .toolbar .count { margin-inline-start: auto; color: var(--_muted); }
  .grid { border: 1px solid var(--_border); border-radius: var(--_radius-sm); overflow: auto; height: 22rem; position: relative; font-size: 0.92em; }
  .grid-row { display: grid; align-items: center; min-height: 2.1rem; box-sizing: border-box; border-block-end: 1px solid var(--_border); }
  .grid-head { position: sticky; top: 0; background: var(--_surface-alt); z-index: 1; font-weight: 600; }
  .grid-head select { padding: 0.15rem 0.3rem; min-height: 1.7rem; width: 100%; }
  .grid-body { position: relative; }
  .grid-body .grid-row { position: absolute; inset-inline: 0; height: 2.1rem; }
  .grid-row > * { padding: 0 0.3rem; min-width: 0; }
  .grid-row input[type='text'] { width: 100%; box-sizing: border-box; border-color: transparent; border-radius: 4px; padding: 0.2rem 0.35rem; min-height: 1.6rem; background: transparent; }
  .grid-row input[type='text']:hover { border-color: var(--_control); }
  .grid-row input[type='text']:focus { border-color: var(--_accent); background: var(--_surface); }
  .grid-row input[aria-invalid='true'] { border-color: var(--_danger); background: color-mix(in srgb, var(--_danger) 7%, var(--_surface)); }
  .rownum { color: var(--_muted); text-align: end; font-variant-numeric: tabular-nums; }
  .problems, .counts .failed strong { color: color-mix(in srgb, var(--_danger) 85%, var(--_text)); }
  .problems { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .remove { border: 0; background: none; padding: 0.1rem 0.35rem; color: var(--_muted); font-size: 1.15em; }
  .remove:hover { color: var(--_danger); }
  .assign { display: flex; gap: 1rem; flex-wrap: wrap; padding: 0.75rem; border: 1px solid var(--_border); border-radius: var(--_radius-sm); background: var(--_surface-alt); }
  .assign > div { flex: 1 1 16rem; display: flex; flex-direction: column; gap: 0.4rem; }
  .assign role-picker::part(list) { max-height: 9rem; }
  progress { width: 100%; height: 0.6rem; }
  .progress { display: flex; flex-direction: column; gap: 0.3rem; color: var(--_muted); }
  .counts { display: flex; gap: 1.5rem; font-size: 1.1em; }
  .counts strong { font-size: 1.45em; display: block; }
  .counts .imported strong { color: var(--_success); }
  .counts .skipped strong { color: var(--_warning); }
  .log { max-height: 16rem; overflow: auto; border: 1px solid var(--_border); border-radius: var(--_radius-sm); }
  .log table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
  .log th, .log td { text-align: start; padding: 0.3rem 0.5rem; border-block-end: 1px solid var(--_border); }
  .log th { position: sticky; top: 0; background: var(--_surface-alt); }
`;
