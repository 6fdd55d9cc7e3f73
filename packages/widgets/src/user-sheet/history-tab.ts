import { html, nothing } from 'lit';
import type { AuditEvent } from '@roster/contract';
import type { TabContext } from './access-tab.js';

/** The fields a change touched: the keys whose values differ between the event's before and after. */
function changedFields(e: AuditEvent): string[] {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  if (typeof before !== 'object' || typeof after !== 'object') return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** The History tab: the user's audit events, newest first, a page at a time. */
export function renderHistory(
  c: TabContext,
  h: { items: AuditEvent[]; next: string | null; loading: boolean; error: string; allowed: boolean; actorName(e: AuditEvent): string; when(iso: string): string; more(): void },
) {
  const { t } = c;
  if (!h.allowed) return html`<p class="hint">${t.historyForbidden}</p>`;
  if (h.loading && h.items.length === 0) return html`<div role="status"><span class="sr-only">${t.loading}</span><div class="skeleton"></div><div class="skeleton"></div></div>`;
  if (h.error && h.items.length === 0) return html`<p class="error" role="alert">${h.error}</p><button type="button" part="button" @click=${h.more}>${t.retry}</button>`;
  if (h.items.length === 0) return html`<p class="hint">${t.noHistory}</p>`;
  return html`<ol class="history" part="history">
      ${h.items.map((e) => {
        const fields = changedFields(e);
        const name = e.actorType === 'user' ? h.actorName(e) : '';
        const who = name ? t.by(name) : t.byActor[e.actorType];
        return html`<li><strong>${t.auditActions[e.action] ?? e.action}</strong>
          ${fields.length ? html`<div>${t.changed(fields.join(', '))}</div>` : nothing}
          <div><time datetime=${e.createdAt}>${h.when(e.createdAt)}</time> · <span class="who">${who}</span></div></li>`;
      })}
    </ol>
    ${h.error ? html`<p class="error" role="alert">${h.error}</p>` : nothing}
    ${h.next ? html`<div class="row"><button type="button" part="button" ?disabled=${h.loading} @click=${h.more}>${h.loading ? t.loading : t.loadMore}</button></div>` : nothing}`;
}
