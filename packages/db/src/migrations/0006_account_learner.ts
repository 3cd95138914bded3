import { sql, type Kysely } from 'kysely';

/**
 * A user (account) and its learner are one thing: a Better Auth user id IS the learner id. The
 * learner row is created by a trigger in the same statement (so the same transaction) that
 * inserts the user, and deleted with it, so there is never a user without a learner (a crash or
 * a failed second write between the two) nor a learner left behind by a deleted account.
 * Existing users without a learner (possible before this migration) get one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function cc_learner_for_new_user() returns trigger language plpgsql as $$
    begin
      insert into learner (id, tier, created_at) values (new.id, 'free', new."createdAt") on conflict (id) do nothing;
      return new;
    end
    $$`.execute(db);
  await sql`
    create function cc_delete_learner_of_user() returns trigger language plpgsql as $$
    begin
      delete from learner where id = old.id;
      return old;
    end
    $$`.execute(db);
  await sql`create trigger auth_user_creates_learner after insert on auth_user for each row execute function cc_learner_for_new_user()`.execute(db);
  await sql`create trigger auth_user_deletes_learner after delete on auth_user for each row execute function cc_delete_learner_of_user()`.execute(db);
  await sql`insert into learner (id, tier, created_at) select id, 'free', "createdAt" from auth_user on conflict (id) do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists auth_user_deletes_learner on auth_user`.execute(db);
  await sql`drop trigger if exists auth_user_creates_learner on auth_user`.execute(db);
  await sql`drop function if exists cc_delete_learner_of_user()`.execute(db);
  await sql`drop function if exists cc_learner_for_new_user()`.execute(db);
}
