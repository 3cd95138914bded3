-- The hot queries of the learner routes, as the stores issue them (packages/db/src/learning-store.ts,
-- session-store.ts, search-index.ts), for the seeded learner a bench token signs in, on a database
-- filled by `pnpm bench:seed`:
--   psql "$BENCH_SEEDED_DATABASE_URL" -v tok=<benchToken(n)> -f apps/server/scripts/bench-explain.sql
\pset pager off
select s.learner_id as lid, encode(sha256(convert_to(:'tok', 'UTF8')), 'hex') as th from auth_session s where s.token_hash = encode(sha256(convert_to(:'tok', 'UTF8')), 'hex') \gset
select id as aid, quiz_id as qid, idempotency_key as akey from quiz_attempt where learner_id = :'lid' order by started_at desc limit 1 \gset
select id as cid from review_card where learner_id = :'lid' limit 1 \gset
select id as eid from learning_event where learner_id = :'lid' order by at, seq offset 20 limit 1 \gset
\echo ### session lookup (every signed-in request)
explain (analyze, buffers, costs off) select token_hash, learner_id, created_at, expires_at from auth_session where token_hash = :'th' and expires_at > now();
\echo ### learner (getLearner)
explain (analyze, buffers, costs off) select id, tier, profile, created_at from learner where id = :'lid';
\echo ### readCourseState (step read, progress, submit)
explain (analyze, buffers, costs off)
      select l.id, l.tier, l.profile, l.created_at,
        coalesce((select json_agg(json_build_object('s', c.step_id, 'at', c.completed_at) order by c.completed_at, c.step_id)
                  from step_completion c where c.learner_id = l.id and c.course_id = 'genai-fundamentals'), '[]') as completions,
        coalesce((select json_agg(json_build_object('id', a.id, 'q', a.quiz_id, 'v', a.course_version, 'n', a.number,
                                                    'st', a.started_at, 'su', a.submitted_at, 'k', a.idempotency_key,
                                                    'sc', a.score, 'p', a.passed)
                                  order by a.started_at, a.quiz_id, a.number)
                  from quiz_attempt a where a.learner_id = l.id and a.course_id = 'genai-fundamentals'), '[]') as attempts,
        coalesce((select json_agg(json_build_object('q', r.quiz_id, 'at', r.reset_at) order by r.reset_at)
                  from quiz_attempt_reset r where r.learner_id = l.id and r.course_id = 'genai-fundamentals'), '[]') as resets
      from learner l where l.id = :'lid'::uuid;
\echo ### position (getPosition)
explain (analyze, buffers, costs off) select step_id, updated_at from course_position where learner_id = :'lid' and course_id = 'genai-fundamentals';
\echo ### attempts of one quiz (listAttempts)
explain (analyze, buffers, costs off) select * from quiz_attempt where learner_id = :'lid' and course_id = 'genai-fundamentals' and quiz_id = :'qid' order by number;
\echo ### one attempt (getAttempt: view, submit, hints)
explain (analyze, buffers, costs off) select * from quiz_attempt where id = :'aid' and learner_id = :'lid';
\echo ### submit retry (findAttemptByIdempotencyKey)
explain (analyze, buffers, costs off) select * from quiz_attempt where learner_id = :'lid' and idempotency_key = :'akey';
\echo ### hints of an attempt (listHints)
explain (analyze, buffers, costs off) select question_id, hint_index, revealed_at from hint_reveal where attempt_id = :'aid' and learner_id = :'lid' order by revealed_at, question_id, hint_index;
\echo ### question answers (listAnswers: mastery, path)
explain (analyze, buffers, costs off) select * from question_answer where learner_id = :'lid' and course_id = 'genai-fundamentals' order by quiz_id, question_id;
\echo ### cards of a course (listCards)
explain (analyze, buffers, costs off) select * from review_card where learner_id = :'lid' and course_id = 'genai-fundamentals' order by quiz_id, question_id;
\echo ### due reviews (listDueCards)
explain (analyze, buffers, costs off) select * from review_card where learner_id = :'lid' and due <= now() order by due, id limit 50;
\echo ### one card (getCard: answer a review)
explain (analyze, buffers, costs off) select * from review_card where id = :'cid' and learner_id = :'lid';
\echo ### review retry (findReviewAnswer)
explain (analyze, buffers, costs off) select card_id, result from review_answer where learner_id = :'lid' and idempotency_key = 'x';
\echo ### streak (listActivityDays)
explain (analyze, buffers, costs off) select day::text as day from activity_day where learner_id = :'lid' order by day;
\echo ### events, first page (listEvents)
explain (analyze, buffers, costs off) select * from learning_event where learner_id = :'lid' order by at, seq limit 100;
\echo ### events, next page (listEvents after a cursor)
explain (analyze, buffers, costs off) select * from learning_event where learner_id = :'lid'
  and (at, seq) > (select c.at, c.seq from learning_event c where c.id = :'eid' and c.learner_id = :'lid') order by at, seq limit 100;
\echo ### events since a time (listEvents since)
explain (analyze, buffers, costs off) select * from learning_event where learner_id = :'lid' and at >= now() - interval '7 days' order by at, seq limit 100;
\echo ### search (course sections)
explain (analyze, buffers, costs off) select s.course_id, s.position, ts_rank_cd(s.tsv, websearch_to_tsquery('english', 'context window')) as rank
  from search_section s where s.tsv @@ websearch_to_tsquery('english', 'context window') and s.course_id = 'genai-fundamentals'
  order by rank desc, s.course_id, s.position limit 10;
