/**
 * A vendor's portal page, written the way a vendor would: its own layout and brand, the Roster bundle in a
 * script tag, and a token provider that asks the vendor's own backend for a short-lived widget token.
 */
export function hostPage({ demo }: { demo: boolean }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind RMM — Users</title>
<style>
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; background: #eef1f5; color: #1c2430; }
  .shell { display: grid; grid-template-columns: 220px 1fr; min-height: 100vh; }
  nav { background: #17233a; color: #c9d4e5; padding: 1.25rem 1rem; }
  nav .brand { color: #fff; font-weight: 700; font-size: 1.1rem; margin-bottom: 1.5rem; display: flex; gap: .5rem; align-items: center; }
  nav .brand span { display: inline-grid; place-items: center; width: 28px; height: 28px; border-radius: 6px; background: #3d7be0; }
  nav a { display: block; color: inherit; text-decoration: none; padding: .45rem .6rem; border-radius: 6px; margin: .1rem 0; }
  nav a[aria-current="page"] { background: #263a5e; color: #fff; }
  main { padding: 1.5rem 2rem; min-width: 0; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  p.lead { margin: 0 0 1.25rem; color: #52607a; }
  user-table { --roster-accent: #3d7be0; display: block; height: calc(100vh - 8rem); min-height: 420px; }
  .demo-note { font-size: .8rem; color: #6b7890; margin-top: .75rem; }
  .menu-toggle { display: none; }
  /* A phone: the navigation collapses into a bar with a menu button. */
  @media (max-width: 720px) {
    .shell { grid-template-columns: 1fr; }
    nav { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; padding: .6rem .9rem; }
    nav .brand { margin: 0; }
    .menu-toggle { display: inline-block; font: inherit; color: #fff; background: #263a5e; border: 1px solid #3b5283; border-radius: 6px; padding: .35rem .8rem; }
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
    <a href="/docs">API reference</a>
    ${demo ? '<a href="/mailbox">Mailbox (demo)</a><a href="/account">My account</a>' : ''}
    </div>
  </nav>
  <main>
    <h1>Users</h1>
    <p class="lead">Technicians and end users of your organizations.</p>
    <user-table base-url="" page-size="50"></user-table>
    ${demo ? '<p class="demo-note">Demo mode: this page acts as the demo tenant\'s Root Admin through a widget token minted by the host backend (POST /host/widget-token).</p>' : ''}
  </main>
</div>
<script type="module">
  import '/widgets/roster-widgets.js';
  const menu = document.querySelector('.menu-toggle');
  menu.addEventListener('click', () => menu.setAttribute('aria-expanded', String(menu.closest('nav').classList.toggle('open'))));
  const table = document.querySelector('user-table');
  // The vendor's backend mints a short-lived widget token; the element asks again before it expires.
  table.tokenProvider = async () => {
    const res = await fetch('/host/widget-token', { method: 'POST' });
    if (!res.ok) throw new Error('Could not get a widget token (' + res.status + ')');
    return res.json();
  };
  table.addEventListener('user-select', (e) => console.log('host saw user-select', e.user?.id ?? e.detail));
</script>
</body>
</html>`;
}
