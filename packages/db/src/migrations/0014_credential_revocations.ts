import { sql, type Kysely } from 'kysely';

/**
 * Credential revocations (issue 13): each replica caches verified credentials (bearer sessions,
 * web session cookies, MCP access tokens) for a short while, and learns what to forget from this
 * log. Triggers write one row whenever a credential stops being valid, whatever code path did it:
 * a bearer session deleted (sign-out, guest upgrade), a web session deleted (sign-out, revoke-*,
 * password change or reset), an account or a learner deleted.
 *
 * `xid` is the writing transaction's id: a reader keeps the `xmin` of the snapshot it read with
 * and next reads every row with `xid >= xmin`, so a row of a transaction that commits late (after
 * a newer one) is never skipped, as it would be with a serial watermark.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('credential_revocation')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('xid', sql`xid8`, (col) => col.notNull().defaultTo(sql`pg_current_xact_id()`))
    .addColumn('learner_id', 'uuid', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('credential_revocation_xid').on('credential_revocation').column('xid').execute();
  await db.schema.createIndex('credential_revocation_at').on('credential_revocation').column('at').execute();
  await sql`
    create function cc_log_credential_revocation() returns trigger language plpgsql as $$
    begin
      insert into credential_revocation (learner_id)
      select distinct r.learner_id from (
        select case tg_table_name
                 when 'auth_session' then (to_jsonb(o) ->> 'learner_id')
                 when 'auth_web_session' then (to_jsonb(o) ->> 'userId')
                 else (to_jsonb(o) ->> 'id')
               end::uuid as learner_id
        from old_rows o
      ) r;
      return null;
    end $$`.execute(db);
  for (const table of ['auth_session', 'auth_web_session', 'auth_user', 'learner']) {
    await sql`create trigger ${sql.raw(`${table}_logs_revocation`)} after delete on ${sql.table(table)} referencing old table as old_rows for each statement execute function cc_log_credential_revocation()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['auth_session', 'auth_web_session', 'auth_user', 'learner']) {
    await sql`drop trigger if exists ${sql.raw(`${table}_logs_revocation`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists cc_log_credential_revocation()`.execute(db);
  await db.schema.dropTable('credential_revocation').execute();
}
