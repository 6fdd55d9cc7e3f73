import { settled, type TestContext } from '../support.js';

export interface SyncPage<T> {
  items: T[];
  deleted: { id: string; deletedAt: string }[];
  nextCursor: string | null;
  syncCursor: string;
}

/**
 * A sync's client for tests of `path` (`/v1/users`, `/v1/organizations`): one page, or every page — following
 * `nextCursor` with `next` (the cursor and whatever filters must go with it) — with what it saw and the place to resume from.
 * Each first read waits until the transactions running elsewhere have ended (`settled`), unless `{ settle: false }`:
 * a test that holds one open itself passes that.
 */
export function syncReader<T>(context: () => TestContext, path: string, defaultAuth: () => Record<string, string>, next: (first: string, cursor: string) => string) {
  const page = async (qs: string, auth = defaultAuth(), o: { settle?: boolean } = {}) => {
    if (o.settle !== false) await settled(context());
    const res = await context().app.request(`${path}?${qs}`, { headers: auth });
    if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
    return (await res.json()) as SyncPage<T>;
  };
  const drain = async (first: string, auth = defaultAuth(), o: { settle?: boolean } = {}) => {
    const seen: T[] = [];
    const deleted: SyncPage<T>['deleted'] = [];
    let p = await page(first, auth, o);
    for (let pages = 1; ; pages++) {
      seen.push(...p.items);
      deleted.push(...p.deleted);
      if (!p.nextCursor) return { seen, deleted, syncCursor: p.syncCursor, pages };
      p = await page(next(first, p.nextCursor), auth, { settle: false });
    }
  };
  return { page, drain };
}
