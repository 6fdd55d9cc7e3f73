import { css } from 'lit';

/**
 * The design tokens of every Roster element, read from the host's public `--roster-*` custom properties (fallback:
 * Roster's light theme) into private `--_*` ones. No element declares a `--roster-*` property itself, so one rule on
 * the host page (`:root`, a wrapper, the element) themes every element, the nested ones too. docs/theming.md lists
 * them. Colours derived from a token (tints of badges and banners, hover rows) are mixed from it, so a dark theme
 * needs the base tokens only.
 */
export const tokens = css`
  :host {
    --_accent: var(--roster-accent, #2563c9);
    --_on-accent: var(--roster-accent-text, #fff);
    --_surface: var(--roster-surface, #fff);
    --_surface-alt: var(--roster-surface-alt, #f4f6f9);
    --_text: var(--roster-text, #1c2430);
    --_muted: var(--roster-text-muted, #535e70);
    --_border: var(--roster-border, #dde2ea);
    --_control: var(--roster-control-border, #8792a5);
    --_danger: var(--roster-danger, #b3261e);
    --_success: var(--roster-success, #17642f);
    --_warning: var(--roster-warning, #875700);
    --_ring: var(--roster-focus-ring, color-mix(in srgb, var(--_accent) 55%, transparent));
    --_radius: var(--roster-radius, 8px);
    --_radius-sm: var(--roster-control-radius, 6px);
    --_row: var(--roster-row-height, 44px);
    --_space: var(--roster-spacing, 0.75rem);
    --_shadow: var(--roster-shadow, 0 10px 40px rgb(20 40 80 / 0.25));
    --_backdrop: var(--roster-backdrop, rgb(20 30 50 / 0.35));
    font-family: var(--roster-font, inherit);
    font-size: var(--roster-font-size, 0.875rem);
    color: var(--_text);
  }
  [hidden] { display: none !important; }
  button, input, select, textarea { font: inherit; color: inherit; }
  button { border: 1px solid var(--_control); background: var(--_surface); border-radius: var(--_radius-sm); padding: 0.4em 0.9em; cursor: pointer; }
  button.primary { background: var(--_accent); color: var(--_on-accent); border-color: transparent; font-weight: 600; }
  button.danger { background: var(--_danger); color: var(--_surface); border-color: transparent; font-weight: 600; }
  button[disabled] { opacity: 0.55; cursor: not-allowed; }
  input[type='search'], input[type='text'], input[type='email'], input[type='tel'], select, textarea { background: var(--_surface); border: 1px solid var(--_control); border-radius: var(--_radius-sm); padding: 0.4em 0.55em; }
  input[type='checkbox'], input[type='radio'], progress { accent-color: var(--_accent); }
  :focus-visible { outline: 3px solid var(--_ring); outline-offset: 1px; }
  dialog { border: 0; border-radius: var(--_radius); padding: 0; background: var(--_surface); color: var(--_text); box-shadow: var(--_shadow); }
  dialog::backdrop { background: var(--_backdrop); }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
