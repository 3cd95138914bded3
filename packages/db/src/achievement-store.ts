// Awarded achievements. The primary key (learner, course, achievement) makes an award happen once:
// concurrent requests that compute the same award insert one row, and later ones keep its date.
import { sql, type Kysely } from 'kysely';
import type { AchievementStore, AwardRecord } from '@cc/core';
import type { Schema } from './schema.ts';

export class PgAchievementStore implements AchievementStore {
  constructor(private readonly db: Kysely<Schema>) {}

  async award(learnerId: string, awards: AwardRecord[], recordedAt: string): Promise<void> {
    if (awards.length === 0) return;
    const rows = awards.map((a) => sql`(${learnerId}, ${a.courseId}, ${a.achievementId}, ${a.awardedOn}::date, ${recordedAt}::timestamptz)`);
    await sql`
      insert into achievement (learner_id, course_id, achievement_id, awarded_on, recorded_at)
      values ${sql.join(rows)}
      on conflict (learner_id, course_id, achievement_id) do nothing`.execute(this.db);
  }

  async listAwards(learnerId: string, courseIds: string[]): Promise<AwardRecord[]> {
    if (courseIds.length === 0) return [];
    const { rows } = await sql<{ course_id: string; achievement_id: string; awarded_on: string }>`
      select course_id, achievement_id, awarded_on::text as awarded_on from achievement
      where learner_id = ${learnerId} and course_id in (${sql.join(courseIds)})
      order by awarded_on, achievement_id`.execute(this.db);
    return rows.map((r) => ({ courseId: r.course_id, achievementId: r.achievement_id, awardedOn: r.awarded_on }));
  }

  async firstEventTimes(learnerId: string, type: 'reviewed', limit: number): Promise<string[]> {
    const { rows } = await sql<{ at: Date | string }>`
      select at from learning_event where learner_id = ${learnerId} and type = ${type}
      order by at, seq limit ${limit}`.execute(this.db);
    return rows.map((r) => new Date(r.at).toISOString());
  }
}
