/**
 * A self-contained API reference page rendered from /openapi.json in the browser (no CDN: deployments may be
 * on closed networks, and the page must not pull third-party scripts into an admin origin).
 */
export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Roster API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#1f3a5f;color:#fff;padding:1rem 2rem}header a{color:#cfe3ff}
main{max-width:70rem;margin:auto;padding:1rem 2rem}
.op{background:#fff;border:1px solid #d8dde3;border-radius:8px;margin:.75rem 0;padding:.25rem 1rem}
summary{cursor:pointer;padding:.5rem 0;font-weight:600}
.m{display:inline-block;min-width:3.5rem;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:.1rem .4rem;margin-right:.5rem}
.get{background:#2f6fb3}.post{background:#2e7d4f}.patch{background:#8a5a00}.put{background:#6b3fa0}.delete{background:#a3202b}
code,pre{font:13px ui-monospace,monospace}pre{background:#f1f3f5;padding:.75rem;overflow:auto;border-radius:6px}
table{border-collapse:collapse}td,th{border-bottom:1px solid #e3e6ea;padding:.25rem .75rem;text-align:left;vertical-align:top}
</style></head>
<body><header><h1>Roster API reference</h1><p>Generated from the contract. Raw document: <a href="openapi.json">openapi.json</a></p></header>
<main id="ops" aria-live="polite">Loading…</main>
<script>
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
fetch('openapi.json').then((r) => r.json()).then((doc) => {
  const out = [];
  for (const [path, methods] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(methods)) {
    const params = (op.parameters || []).map((p) => '<tr><td><code>' + esc(p.name) + '</code></td><td>' + esc(p.in) + '</td><td><code>' + esc(JSON.stringify(p.schema)) + '</code></td></tr>').join('');
    const body = op.requestBody ? '<h4>Request body</h4><pre>' + esc(JSON.stringify(Object.values(op.requestBody.content)[0].schema, null, 2)) + '</pre>' : '';
    const responses = Object.entries(op.responses).map(([s, r]) => '<tr><td>' + esc(s) + '</td><td>' + esc(r.description) + '</td></tr>').join('');
    out.push('<details class="op"><summary><span class="m ' + method + '">' + method.toUpperCase() + '</span><code>' + esc(path) + '</code> — ' + esc(op.summary) + '</summary>' +
      (op.description ? '<p>' + esc(op.description) + '</p>' : '') +
      (params ? '<h4>Parameters</h4><table>' + params + '</table>' : '') + body +
      '<h4>Responses</h4><table>' + responses + '</table></details>');
  }
  document.getElementById('ops').innerHTML = out.join('');
}).catch(() => { document.getElementById('ops').textContent = 'The API document could not be loaded.'; });
</script></body></html>`;
