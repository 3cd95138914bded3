import { sql, type Kysely } from 'kysely';

/**
 * Guest upgrade: a guest who signs up keeps their learner (issue 11, Accounts).
 *
 * A user id IS the learner id (0006). While a sign-up that presents a live guest token runs, the
 * server holds a `guest_upgrade` row naming the sign-up's email and the guest's learner and token.
 * A BEFORE INSERT trigger on `auth_user` honours it: the new user takes the guest's learner id
 * (so 0006's trigger finds the learner already there and keeps it, with everything it owns) and
 * the row is consumed. An AFTER INSERT trigger revokes every bearer session of the new user's
 * learner, so the guest token stops working. All of it happens in the statement that inserts the
 * user, inside Better Auth's sign-up transaction.
 *
 * Safety: the trigger re-checks, under the insert, that the guest token still exists for that
 * learner and that no user owns the learner; otherwise it raises (the sign-up fails, nothing is
 * created). Two sign-ups racing on one guest token collide on the `auth_user` primary key or find
 * the token revoked: at most one account owns the learner.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('guest_upgrade')
    // Lower-case email of the sign-up in flight; one claim per email at a time.
    .addColumn('email', 'text', (col) => col.primaryKey())
    .addColumn('learner_id', 'uuid', (col) => col.notNull().references('learner.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await sql`
    create function cc_user_claims_guest_learner() returns trigger language plpgsql as $$
    declare
      claim record;
    begin
      select g.learner_id, g.token_hash into claim from guest_upgrade g where g.email = lower(new.email);
      if not found then
        return new;
      end if;
      delete from guest_upgrade where email = lower(new.email);
      if not exists (select 1 from auth_session s where s.token_hash = claim.token_hash and s.learner_id = claim.learner_id)
         or exists (select 1 from auth_user u where u.id = claim.learner_id) then
        raise exception 'guest session already claimed' using errcode = 'P0001', hint = 'cc_guest_claimed';
      end if;
      new.id := claim.learner_id;
      return new;
    end $$`.execute(db);
  await sql`
    create function cc_revoke_guest_sessions_of_user() returns trigger language plpgsql as $$
    begin
      delete from auth_session where learner_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger auth_user_claims_guest_learner before insert on auth_user for each row execute function cc_user_claims_guest_learner()`.execute(db);
  await sql`create trigger auth_user_revokes_guest_sessions after insert on auth_user for each row execute function cc_revoke_guest_sessions_of_user()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists auth_user_revokes_guest_sessions on auth_user`.execute(db);
  await sql`drop trigger if exists auth_user_claims_guest_learner on auth_user`.execute(db);
  await sql`drop function if exists cc_revoke_guest_sessions_of_user()`.execute(db);
  await sql`drop function if exists cc_user_claims_guest_learner()`.execute(db);
  await db.schema.dropTable('guest_upgrade').execute();
}
