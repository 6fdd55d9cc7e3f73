import { sql } from 'kysely';
import type { Db } from '../create-db.js';

/** One round trip to the database (`/readyz`): throws when it cannot be reached or does not answer in time. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
