/**
 * A vendor's portal page, written the way a vendor would: its own layout and brand, the Roster bundle in a
 * script tag, and a token provider that asks the vendor's own backend for a short-lived widget token.
 */
/**
 * The demo's themes, each one CSS rule a host writes: on `:root` (the theme selector) or on a wrapper (the `/themes`
 * page), it re-themes every Roster element below it through the public `--roster-*` tokens (docs/theming.md), and
 * the page's own chrome through its own variables. Light is Roster's defaults with Northwind's blue; Contoso and
 * Fabrikam are two vendor brands.
 */
export const THEMES = {
  light: { label: 'Light', css: '--roster-accent: #2f6fdf;' },
  dark: {
    label: 'Dark',
    css: `color-scheme: dark; --page-bg: #0d121b; --page-text: #e6eaf2; --page-muted: #a4aec0; --nav-bg: #070b12; --nav-active: #1d2a44;
      --roster-surface: #141a24; --roster-surface-alt: #1d2533; --roster-text: #e6eaf2; --roster-text-muted: #a4aec0;
      --roster-border: #2e3848; --roster-control-border: #75829a; --roster-accent: #7aa7ff; --roster-accent-text: #0b1220;
      --roster-danger: #ff8f85; --roster-success: #6fd394; --roster-warning: #f2bd57;
      --roster-shadow: 0 10px 40px rgb(0 0 0 / 0.6); --roster-backdrop: rgb(0 0 0 / 0.6);`,
  },
  contoso: {
    label: 'Contoso (brand)',
    css: `--page-bg: #fbf4f7; --page-muted: #6d4a5b; --nav-bg: #4a0d2a; --nav-active: #7a1d4a; --brand: #c2185b;
      --roster-accent: #c2185b; --roster-surface-alt: #fbeff4; --roster-border: #ecd6e0; --roster-radius: 16px; --roster-control-radius: 999px;
      --roster-font: Georgia, "Times New Roman", serif; --roster-shadow: 0 16px 48px rgb(74 13 42 / 0.3);`,
  },
  fabrikam: {
    label: 'Fabrikam (brand, compact)',
    css: `--page-bg: #eef4f3; --page-muted: #3f5a56; --nav-bg: #0b3b36; --nav-active: #165a52; --brand: #00796b;
      --roster-accent: #00695c; --roster-surface-alt: #e8f2f0; --roster-border: #cfe0dd; --roster-radius: 2px; --roster-control-radius: 2px;
      --roster-row-height: 34px; --roster-font-size: 0.8125rem; --roster-spacing: 0.5rem; --roster-focus-ring: #ffab00;`,
  },
} as const;
export type ThemeName = keyof typeof THEMES;

/** One rule per theme, on whichever element carries `data-theme`. */
const themeRules = Object.entries(THEMES)
  .map(([name, t]) => `  [data-theme="${name}"] { ${t.css} }`)
  .join('\n');

const pageStyles = `
  :root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  [data-theme] { --page-bg: #eef1f5; --page-text: #1c2430; --page-muted: #52607a; --nav-bg: #17233a; --nav-active: #263a5e; --brand: #3d7be0; }
${themeRules}
  body { margin: 0; background: var(--page-bg); color: var(--page-text); }
`;

/** The demo's own JavaScript: a token provider that asks the vendor's backend for a short-lived widget token. */
const tokenProvider = `async () => {
    const res = await fetch('/host/widget-token', { method: 'POST' });
    if (!res.ok) throw new Error('Could not get a widget token (' + res.status + ')');
    return res.json();
  }`;

// ---- Roles (issue 13): the tenant's roles under the users, in <role-editor> (its own chunk, loaded because the page
// uses the tag). Its parts: its link in the navigation, its section and styles, and its token provider.
const rolesLink = '<a href="#roles">Roles</a>';
const rolesStyles = `
  #roles { margin-top: 2rem; scroll-margin-top: 1rem; }
  #roles h2 { font-size: 1.2rem; margin: 0 0 .25rem; }`;
const rolesSection = `<section id="roles" aria-labelledby="roles-title">
      <h2 id="roles-title">Roles</h2><p class="lead">Built-in roles and your own: what each one lets its holders do.</p>
      <role-editor base-url="" aria-label="Roles"></role-editor>
    </section>`;
const rolesScript = `customElements.whenDefined('role-editor').then(() => { document.querySelector('role-editor').tokenProvider = ${tokenProvider}; });`;
// ---- end of Roles

export function hostPage({ demo }: { demo: boolean }): string {
  return `<!doctype html>
<html lang="en" data-theme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind RMM — Users</title>
<style>
${pageStyles}
  .shell { display: grid; grid-template-columns: 220px 1fr; min-height: 100vh; }
  nav { background: var(--nav-bg); color: #c9d4e5; padding: 1.25rem 1rem; }
  nav .brand { color: #fff; font-weight: 700; font-size: 1.1rem; margin-bottom: 1.5rem; display: flex; gap: .5rem; align-items: center; }
  nav .brand span { display: inline-grid; place-items: center; width: 28px; height: 28px; border-radius: 6px; background: var(--brand); }
  nav a { display: block; color: inherit; text-decoration: none; padding: .45rem .6rem; border-radius: 6px; margin: .1rem 0; }
  nav a[aria-current="page"] { background: var(--nav-active); color: #fff; }
  main { padding: 1.5rem 2rem; min-width: 0; }
  .title { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: start; justify-content: space-between; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  p.lead { margin: 0 0 1.25rem; color: var(--page-muted); }
  .theme { font-size: .85rem; color: var(--page-muted); display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
  .theme select { font: inherit; padding: .3rem .5rem; border-radius: 6px; }
  .theme a { color: inherit; }
  user-table { display: block; height: calc(100vh - 8rem); min-height: 420px; }
  .demo-note { font-size: .8rem; color: var(--page-muted); margin-top: .75rem; }${rolesStyles}
  .menu-toggle { display: none; }
  /* A phone: the navigation collapses into a bar with a menu button. */
  @media (max-width: 720px) {
    .shell { grid-template-columns: 1fr; }
    nav { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; padding: .6rem .9rem; }
    nav .brand { margin: 0; }
    .menu-toggle { display: inline-block; font: inherit; color: #fff; background: var(--nav-active); border: 1px solid #ffffff40; border-radius: 6px; padding: .35rem .8rem; }
    #portal-links { flex-basis: 100%; display: none; padding-top: .5rem; }
    nav.open #portal-links { display: block; }
    main { padding: 1rem .75rem; }
    user-table { height: calc(100vh - 9rem); }
  }
</style>
</head>
<body>
<div class="shell">
  <nav aria-label="Portal">
    <div class="brand"><span aria-hidden="true">N</span> Northwind RMM</div>
    <button type="button" class="menu-toggle" aria-expanded="false" aria-controls="portal-links">Menu</button>
    <div id="portal-links">
    <a href="#">Dashboard</a>
    <a href="#">Devices</a>
    <a href="#">Tickets</a>
    <a href="/" aria-current="page">Users</a>
    ${rolesLink}
    <a href="/docs">API reference</a>
    ${demo ? '<a href="/mailbox">Mailbox (demo)</a><a href="/my-account">My account</a><a href="/account">Self-service page</a>' : ''}
    </div>
  </nav>
  <main>
    <div class="title">
      <div><h1>Users</h1><p class="lead">Technicians and end users of your organizations.</p></div>
      <div class="theme"><label for="theme">Theme</label>
        <select id="theme">${Object.entries(THEMES).map(([name, t]) => `<option value="${name}">${t.label}</option>`).join('')}</select>
        <a href="/themes">all side by side</a>
        <label for="language">Language</label>
        <select id="language"><option value="en">English</option><option value="de">Deutsch</option><option value="ar">العربية</option></select></div>
    </div>
    <user-table base-url="" page-size="50"></user-table>
    ${demo ? '<p class="demo-note">Demo mode: this page acts as the demo tenant\'s Root Admin through a widget token minted by the host backend (POST /host/widget-token).</p>' : ''}
    ${rolesSection}
  </main>
</div>
<script type="module">
  import '/widgets/roster-widgets.js';
  const menu = document.querySelector('.menu-toggle');
  menu.addEventListener('click', () => menu.setAttribute('aria-expanded', String(menu.closest('nav').classList.toggle('open'))));
  const table = document.querySelector('user-table');
  // The vendor's backend mints a short-lived widget token; the element asks again before it expires.
  table.tokenProvider = ${tokenProvider};
  // A theme is one CSS rule: switching it is changing which rule applies to the page (?theme=dark works too).
  const select = document.getElementById('theme');
  const setTheme = (name) => { document.documentElement.dataset.theme = name; select.value = name; };
  setTheme(new URLSearchParams(location.search).get('theme') ?? localStorage.getItem('roster-demo-theme') ?? 'light');
  select.addEventListener('change', () => { setTheme(select.value); localStorage.setItem('roster-demo-theme', select.value); });
  // The elements follow the page's lang (or their own) and change language live (?lang=de works too); Arabic is
  // written right to left, so the page sets dir as well.
  const language = document.getElementById('language');
  const setLanguage = (lang) => {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
    language.value = lang;
  };
  setLanguage(new URLSearchParams(location.search).get('lang') ?? localStorage.getItem('roster-demo-lang') ?? 'en');
  language.addEventListener('change', () => { setLanguage(language.value); localStorage.setItem('roster-demo-lang', language.value); });
  table.addEventListener('user-select', (e) => console.log('host saw user-select', e.user?.id ?? e.detail));
  // A user's page is addressable: the host mirrors it in its own URL (?user=…) and opens it from there on load.
  const openUser = new URLSearchParams(location.search).get('user');
  if (openUser) table.selectedUserId = openUser;
  table.addEventListener('selected-user-change', (e) => {
    const url = new URL(location.href);
    if (e.detail.userId) url.searchParams.set('user', e.detail.userId);
    else url.searchParams.delete('user');
    history.replaceState(null, '', url);
  });
  ${rolesScript}
</script>
</body>
</html>`;
}

/** The four themes side by side: one small <user-table> in each, themed by the rule on its wrapper only. */
export function themesPage(): string {
  return `<!doctype html>
<html lang="en" data-theme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind RMM — Roster themes</title>
<style>
${pageStyles}
  body { padding: 1.25rem 1.5rem; }
  h1 { font-size: 1.3rem; margin: 0 0 .25rem; }
  p.lead { margin: 0 0 1rem; color: var(--page-muted); }
  p.lead a { color: inherit; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(34rem, 1fr)); gap: 1rem; }
  section { background: var(--page-bg); color: var(--page-text); border-radius: 10px; padding: .75rem 1rem 1rem; }
  section h2 { font-size: 1rem; margin: 0 0 .6rem; display: flex; gap: .5rem; align-items: center; }
  section h2::before { content: ""; width: .8rem; height: .8rem; border-radius: 3px; background: var(--roster-accent, #2563c9); }
  section code { font-size: .75rem; color: var(--page-muted); }
  user-table { height: 22rem; }
</style>
</head>
<body>
<main>
<h1>Roster themes</h1>
<p class="lead">The same element four times: each wrapper carries one CSS rule of <code>--roster-*</code> tokens. <a href="/">Back to the portal</a></p>
<div class="grid">
${Object.entries(THEMES)
  .map(([name, t]) => `  <section data-theme="${name}" aria-labelledby="theme-${name}"><h2 id="theme-${name}">${t.label}</h2><user-table base-url="" page-size="20" aria-label="${t.label}"></user-table></section>`)
  .join('\n')}
</div>
</main>
<script type="module">
  import '/widgets/roster-widgets.js';
  for (const table of document.querySelectorAll('user-table')) table.tokenProvider = ${tokenProvider};
</script>
</body>
</html>`;
}
