import { LitElement, css, html } from 'lit';
import { property, query } from 'lit/decorators.js';
import { tokens } from './theme.styles.js';
import { defineElement } from './define.js';

/**
 * The idle warning (seed 000: after the person's idle-warning time without activity it "prompts the user and signs
 * them out if they do not respond", in an inactive tab too), for `<account-panel session>` — Roster's own signed-in
 * page. A host that embeds the panel with a widget token runs its own console and its own idle rules: the panel loads
 * this module only in session mode, on first need.
 *
 * Activity (a pointer, a key, the wheel, focus, the tab shown again) in any tab of the origin counts: each tab tells
 * the others on a BroadcastChannel and in localStorage (whose `storage` event reaches the tabs the channel does not,
 * and whose value a tab reads again before it warns, in case its timers were held back while it was hidden). When the
 * idle time is up, a modal prompt counts down the warning ("You will be signed out in 60 s"); *Stay signed in* (or
 * Escape) answers it, in this tab or another; nobody answering signs out — here, and in every other tab, told on the
 * channel. Deadlines are instants, not counted ticks: a hidden tab whose timers run late signs out on its next timer,
 * and activity that comes after the deadline signs out instead of keeping the session.
 */

/** What the prompt says, in the panel's language. */
export interface IdleWords {
  title: string;
  /** The countdown: the seconds left. */
  warning: (seconds: number) => string;
  stay: string;
  signOut: string;
}

/**
 * The length of a minute of the idle-warning setting and of the warning itself, in milliseconds. Only a test changes
 * them (the panel's element test, to see in seconds what takes minutes).
 */
export const idleClock = { minute: 60_000, warning: 60_000 };

/** The channel and the localStorage key the tabs of one origin share. */
export const IDLE_CHANNEL = 'roster-idle';
const STORAGE_KEY = 'roster-idle-activity';
/** Activity is told to the other tabs at most this often (an answer to the warning always). */
const REPORT_EVERY_MS = 1_000;
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'focus'] as const;

type IdleMessage = { type: 'active'; at: number } | { type: 'signed-out' };

/** What the watch needs of the panel. */
export interface IdleWatchHost {
  /** Where the prompt is put (the panel's shadow root: it takes the panel's language, direction and theme). */
  root: Node;
  /** The prompt's words, in the panel's current language. */
  words(): IdleWords;
  /** Nobody answered, here or in another tab: sign out (the panel ends the session and says why). */
  expire(): void;
}

export class IdleWatch {
  /** The latest activity of any tab (ms since the epoch). */
  private last = 0;
  private reported = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private readonly channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(IDLE_CHANNEL) : null;
  private readonly prompt = document.createElement('roster-idle-prompt') as IdlePrompt;

  constructor(
    private readonly host: IdleWatchHost,
    private minutes: number,
  ) {
    // The panel's parts reach into the prompt: a host styles account-panel::part(idle-prompt).
    this.prompt.setAttribute('exportparts', 'idle-prompt, button, button-primary');
    this.prompt.addEventListener('stay', () => this.active(true));
    this.prompt.addEventListener('sign-out', () => this.expire());
    host.root.appendChild(this.prompt);
    this.channel?.addEventListener('message', this.onMessage);
    addEventListener('storage', this.onStorage);
    for (const type of ACTIVITY) addEventListener(type, this.onActivity, { capture: true, passive: true });
    document.addEventListener('visibilitychange', this.onVisibility);
    // Opening the page is activity.
    this.active(true);
  }

  /** The idle-warning time changed (the person saved a new one). */
  setMinutes(minutes: number): void {
    this.minutes = minutes;
    this.schedule();
  }

  /** Stops watching and takes the prompt away (the session ended another way, or the panel left the page). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.channel?.close();
    removeEventListener('storage', this.onStorage);
    for (const type of ACTIVITY) removeEventListener(type, this.onActivity, { capture: true });
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.prompt.remove();
  }

  private get idleMs(): number {
    return this.minutes * idleClock.minute;
  }

  /** The latest activity this tab knows of, another tab's stored one included (never one in the future). */
  private latest(now: number): number {
    let stored = 0;
    try {
      stored = Number(localStorage.getItem(STORAGE_KEY)) || 0;
    } catch {
      // Storage may be blocked; the channel still carries activity.
    }
    return Math.max(this.last, Math.min(stored, now));
  }

  /** Activity in this tab: now, told to the other tabs. While the prompt shows, only its answer counts. */
  private readonly onActivity = (): void => {
    // A moving pointer fires often: a quarter of a second is close enough (less for a test's short minute).
    if (!this.prompt.open && Date.now() - this.last >= Math.min(250, this.idleMs / 10)) this.active(false);
  };

  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.onActivity();
    else this.schedule();
  };

  private readonly onMessage = (e: MessageEvent<IdleMessage>): void => {
    const m = e.data;
    if (m?.type === 'active' && typeof m.at === 'number') this.heard(m.at);
    else if (m?.type === 'signed-out') this.end();
  };

  private readonly onStorage = (e: StorageEvent): void => {
    if (e.key === STORAGE_KEY && e.newValue) this.heard(Number(e.newValue));
  };

  private active(answer: boolean): void {
    if (this.stopped) return;
    const now = Date.now();
    // Past the deadline (a hidden tab's timer ran late): the session is over, whatever happens now.
    if (this.last > 0 && now >= this.latest(now) + this.idleMs + idleClock.warning) return this.expire();
    this.last = now;
    if (answer || now - this.reported >= REPORT_EVERY_MS) {
      this.reported = now;
      this.channel?.postMessage({ type: 'active', at: now } satisfies IdleMessage);
      try {
        localStorage.setItem(STORAGE_KEY, String(now));
      } catch {
        // As above.
      }
    }
    this.schedule();
  }

  /** Activity in another tab. */
  private heard(at: number): void {
    if (this.stopped || !Number.isFinite(at)) return;
    const now = Date.now();
    if (Math.min(at, now) <= this.last) return;
    this.last = Math.min(at, now);
    this.schedule();
  }

  /** Hides or shows the prompt as the latest activity says, and sets the next timer: the warning, each second of it, the end. */
  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const now = Date.now();
    this.last = this.latest(now);
    const warnAt = this.last + this.idleMs;
    if (now < warnAt) {
      this.prompt.hide();
      this.timer = setTimeout(() => this.schedule(), warnAt - now);
      return;
    }
    const endAt = warnAt + idleClock.warning;
    if (now >= endAt) return this.expire();
    this.prompt.words = this.host.words();
    this.prompt.seconds = Math.ceil((endAt - now) / 1000);
    this.prompt.show();
    this.timer = setTimeout(() => this.schedule(), Math.min(1000, endAt - now));
  }

  /** Nobody answered: sign out here and tell the other tabs. */
  private expire(): void {
    if (this.stopped) return;
    this.channel?.postMessage({ type: 'signed-out' } satisfies IdleMessage);
    this.end();
  }

  private end(): void {
    if (this.stopped) return;
    this.stop();
    this.host.expire();
  }
}

/**
 * The prompt: a modal alert dialog that names the seconds left, with *Stay signed in* (focused; Escape does the same)
 * and *Sign out*. Fires `stay` and `sign-out`.
 */
export class IdlePrompt extends LitElement {
  static override styles = [
    tokens,
    css`
      :host { display: contents; }
      dialog { padding: 1.25rem 1.5rem; max-width: min(26rem, calc(100vw - 2rem)); }
      h2 { font-size: 1.15em; margin: 0 0 0.5rem; }
      p { margin: 0 0 1rem; }
      .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; justify-content: flex-end; }
    `,
  ];

  @property({ attribute: false }) words: IdleWords = { title: '', warning: () => '', stay: '', signOut: '' };
  @property({ type: Number }) seconds = 0;
  @query('dialog') private dialog?: HTMLDialogElement;

  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  async show(): Promise<void> {
    await this.updateComplete;
    if (!this.dialog || this.dialog.open || !this.isConnected) return;
    this.dialog.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>('button.primary')?.focus();
  }

  hide(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  private answer(type: 'stay' | 'sign-out'): void {
    this.hide();
    this.dispatchEvent(new Event(type));
  }

  override render() {
    const w = this.words;
    return html`<dialog part="idle-prompt" role="alertdialog" aria-labelledby="idle-title" aria-describedby="idle-warning"
      @cancel=${(e: Event) => (e.preventDefault(), this.answer('stay'))}>
      <h2 id="idle-title">${w.title}</h2>
      <p id="idle-warning">${w.warning(this.seconds)}</p>
      <div class="actions">
        <button type="button" part="button" @click=${() => this.answer('sign-out')}>${w.signOut}</button>
        <button type="button" part="button button-primary" class="primary" @click=${() => this.answer('stay')}>${w.stay}</button>
      </div>
    </dialog>`;
  }
}

defineElement('roster-idle-prompt', IdlePrompt);

declare global {
  interface HTMLElementTagNameMap {
    'roster-idle-prompt': IdlePrompt;
  }
}
