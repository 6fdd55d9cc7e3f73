import type { Db } from '../create-db.js';

export interface OutgoingEmail {
  tenantId: string;
  userId: string | null;
  template: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Writes a message to the outbox; callers pass their transaction so the message commits with the change. */
export async function enqueueEmail(db: Db, msg: OutgoingEmail) {
  await db
    .insertInto('email_outbox')
    .values({ tenant_id: msg.tenantId, user_id: msg.userId, template: msg.template, to_address: msg.to, subject: msg.subject, text_body: msg.text, html_body: msg.html, last_error: null, sent_at: null })
    .execute();
}

export async function listOutbox(db: Db, tenantId: string, limit = 100) {
  return db
    .selectFrom('email_outbox')
    .select(['id', 'template', 'to_address', 'subject', 'created_at', 'sent_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function findOutboxMessage(db: Db, tenantId: string, id: number) {
  return db.selectFrom('email_outbox').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}
