import { THEMES } from './host-page.js';

/**
 * The vendor's "My account" page (issue 13): `<account-panel>` for the person signed in to the vendor's portal — in the
 * demo, the demo tenant's Root Admin, whose widget token the host backend mints (POST /host/widget-token), as for the
 * Users page. A page module of its own, beside the Users page (host-page.ts). `?lang=de|ar` and `?theme=` as there.
 */
export function myAccountPage({ demo }: { demo: boolean }): string {
  return `<!doctype html>
<html lang="en" data-theme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind RMM — My account</title>
<style>
  :root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  [data-theme] { --page-bg: #eef1f5; --page-text: #1c2430; --page-muted: #52607a; --brand: #3d7be0; }
${Object.entries(THEMES).map(([name, t]) => `  [data-theme="${name}"] { ${t.css} }`).join('\n')}
  body { margin: 0; background: var(--page-bg); color: var(--page-text); }
  header { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; justify-content: space-between; padding: .8rem 1.25rem; background: var(--brand); color: #fff; }
  header a { color: inherit; }
  main { max-width: 860px; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  p.lead, .demo-note { color: var(--page-muted); }
  .demo-note { font-size: .8rem; }
</style>
</head>
<body>
<header><strong>Northwind RMM</strong><nav aria-label="Portal"><a href="/">Users</a></nav></header>
<main>
  <h1>My account</h1>
  <p class="lead">Your profile, sign-in and notifications.</p>
  <account-panel base-url=""></account-panel>
  ${demo ? '<p class="demo-note">Demo mode: the panel acts as the demo tenant\'s Root Admin through a widget token minted by the host backend (POST /host/widget-token).</p>' : ''}
</main>
<script type="module">
  const params = new URLSearchParams(location.search);
  const lang = params.get('lang');
  if (lang) { document.documentElement.lang = lang; document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr'; }
  const theme = params.get('theme');
  if (theme) document.documentElement.dataset.theme = theme;
  const panel = document.querySelector('account-panel');
  panel.tokenProvider = async () => {
    const res = await fetch('/host/widget-token', { method: 'POST' });
    if (!res.ok) throw new Error('Could not get a widget token (' + res.status + ')');
    return res.json();
  };
  // The person's language follows them to the rest of the page.
  panel.addEventListener('account-changed', (e) => {
    if (e.section === 'language') { document.documentElement.lang = e.user.language; document.documentElement.dir = e.user.language === 'ar' ? 'rtl' : 'ltr'; }
  });
</script>
<script type="module" src="/widgets/roster-widgets.js"></script>
</body>
</html>`;
}
