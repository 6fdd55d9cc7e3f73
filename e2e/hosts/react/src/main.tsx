import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '@roster/widgets/react';
import type { TokenProvider } from '@roster/widgets/react';

/** The Roster BFF: another origin than this page's (`?bff=http://…`); its /v1/* answers CORS. */
const bff = new URLSearchParams(location.search).get('bff') ?? '';

/** As a vendor's front end does: its own backend mints a short-lived widget token (POST /host/widget-token). */
const tokenProvider: TokenProvider = async () => {
  const res = await fetch('/host/widget-token', { method: 'POST' });
  if (!res.ok) throw new Error(`Could not get a widget token (${res.status})`);
  return (await res.json()) as { token: string; expiresAt: string };
};

function UsersPage() {
  const [loaded, setLoaded] = useState<number | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <main>
      <h1>Users</h1>
      <p id="loaded">{loaded === null ? 'Loading…' : `${loaded} users loaded`}</p>
      <p id="selected">{selected === null ? 'Nobody selected' : `Selected ${selected}`}</p>
      <user-table
        baseUrl={bff}
        pageSize={50}
        tokenProvider={tokenProvider}
        style={{ display: 'block', height: '520px' }}
        onuser-table-load={(e) => setLoaded(e.loaded)}
        onuser-select={(e) => setSelected(e.user.email)}
      />
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <UsersPage />
  </StrictMode>,
);
