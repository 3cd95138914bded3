// Faults survived, under a bounded load on loopback: two replicas (the real main.ts) behind nginx on
// a PostgreSQL cluster this test owns and an s3rver bucket behind a relay it can cut.
// 1. PostgreSQL stops: requests answer 503 problems (never 500, never a hang), readiness fails;
//    PostgreSQL starts again: the same processes recover. A quiz submission refused during the
//    outage and retried with its Idempotency-Key afterwards is recorded once.
// 2. One replica is killed: the other takes the whole load.
// 3. The bucket is unreachable: content keeps serving the last good version, readiness holds.
// No acknowledged write is lost and none is applied twice.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { contentStoreFromEnv, pushBundle, type S3ContentStore } from '@cc/content';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3rver, type TestBucket } from '../../../packages/content/src/test-support/s3rver.ts';
import { freePort, startNginx, type Balancer } from './testing/nginx.ts';
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from './testing/private-postgres.ts';
import { answersFor, fixtureCourseDir, loadCourseDir } from './testing/quiz-keys.ts';
import { startServerProcess, type ServerProcess } from './testing/server-process.ts';
import { fixturesDir } from './testing/test-server.ts';
import { relay } from './testing/tcp-relay.ts';

const C = 'mini-course';
const STEPS = ['welcome', 'first-exercise', 'history'];
const authorPerfect = {
  'token-facts': { type: 'multiple', optionIds: ['a', 'b'] },
  'tokens-per-word': { type: 'numeric', value: 1000 },
  'name-the-tool': { type: 'short_text', text: 'tokenizer' },
  'pipeline-order': { type: 'ordering', itemIds: ['text', 'split', 'ids'] },
};

interface Answer {
  status: number;
  type: string;
  replica: string | null;
  body: any;
}

async function call(base: string, method: string, p: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, replica: res.headers.get('x-replica'), body: type.includes('json') && text ? JSON.parse(text) : text };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!privatePostgresAvailable())('faults under load: PostgreSQL restart, a replica killed, the bucket away', () => {
  let pg: PrivatePostgres;
  let bucket: TestBucket;
  let bucketLink: Awaited<ReturnType<typeof relay>>;
  let lb: Balancer;
  const replicas: ServerProcess[] = [];
  const direct: string[] = [];
  const dirs: string[] = [];
  let running = false;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    bucket = await startS3rver();
    const courseDir = path.join(await mkdtemp(path.join(tmpdir(), 'cc-faults-')), C);
    dirs.push(path.dirname(courseDir));
    await cp(fixtureCourseDir(), courseDir, { recursive: true });
    await pushBundle(courseDir, contentStoreFromEnv(bucket.env, { coursesDir: fixturesDir }) as S3ContentStore);
    const endpoint = new URL(bucket.endpoint);
    bucketLink = await relay({ host: endpoint.hostname, port: Number(endpoint.port) });

    const port = await freePort();
    for (const name of ['replica-a', 'replica-b']) {
      const dataDir = await mkdtemp(path.join(tmpdir(), `cc-${name}-`));
      dirs.push(dataDir);
      replicas.push(
        startServerProcess({
          ...bucket.env,
          CONTENT_S3_ENDPOINT: `http://127.0.0.1:${bucketLink.port}`,
          DATABASE_URL: pg.url,
          DATABASE_POOL_SIZE: '5',
          DATA_DIR: dataDir,
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          AUTH_SECRET: 'faults-secret-faults-secret-faults-0123456789',
          REPLICA_ID: name,
          TRUST_PROXY_HOPS: '1',
          CONTENT_REFRESH_SECONDS: '1',
        }),
      );
      // One at a time: both would otherwise race to create the schema (the migrator serialises).
      direct.push(await replicas.at(-1)!.listening);
    }
    lb = await startNginx(direct.map((b) => new URL(b).host), port);
  }, 300_000);

  afterAll(async () => {
    running = false;
    await lb?.stop();
    await Promise.all(replicas.map((r) => r.kill('SIGKILL')));
    await bucketLink?.cut();
    await bucket?.stop();
    await pg?.destroy();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('answers 503 problems during a database outage, recovers without a restart, loses and doubles no acknowledged write', async () => {
    // Learners made before any fault.
    const learners: { token: string; acked: Set<string> }[] = [];
    for (let i = 0; i < 4; i++) {
      const s = await call(lb.url, 'POST', '/api/v1/sessions/guest', undefined, {});
      expect(s.status).toBe(201);
      learners.push({ token: s.body.token, acked: new Set() });
    }
    // The bounded load: each learner reads a step and completes one, over and over, until stopped.
    const answers: (Answer & { phase: string })[] = [];
    let phase = 'healthy';
    running = true;
    let paused = false;
    const idle = new Set<number>();
    const workers = learners.map(async (learner, i) => {
      for (let n = i; running; n++) {
        if (paused) {
          idle.add(i);
          await sleep(20);
          continue;
        }
        idle.delete(i);
        const step = STEPS[n % STEPS.length]!;
        try {
          const read = await call(lb.url, 'GET', `/api/v1/courses/${C}/steps/${step}`);
          answers.push({ ...read, phase });
          const done = await call(lb.url, 'POST', `/api/v1/me/courses/${C}/steps/${step}/complete`, learner.token, {});
          answers.push({ ...done, phase });
          if (done.status === 200) learner.acked.add(step);
        } catch (error) {
          // The balancer itself never goes away in this test: a network error is a failure.
          answers.push({ status: 0, type: String(error), replica: null, body: null, phase });
        }
        await sleep(25);
      }
    });

    // A quiz attempt opened before the outage; its submission is retried across it.
    const quizzer = learners[0]!;
    const start = await call(lb.url, 'POST', `/api/v1/me/courses/${C}/quizzes/basics-checkpoint/attempts`, quizzer.token, {});
    expect(start.status).toBeLessThan(300);
    const basics = (await loadCourseDir(fixtureCourseDir())).quizzes['basics-checkpoint']!;
    const submission = { answers: answersFor(basics, start.body.quiz, authorPerfect) };
    const key = { 'idempotency-key': 'faults-submit-0001' };
    await sleep(500);

    // 1. PostgreSQL stops.
    phase = 'database down';
    const down = Date.now();
    pg.stop('fast');
    for (const base of direct) {
      const ready = await call(base, 'GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.type).toBe('application/problem+json');
      expect((await call(base, 'GET', '/healthz')).status).toBe(200);
    }
    const refused = await call(lb.url, 'POST', `/api/v1/me/attempts/${start.body.attempt.id}/submit`, quizzer.token, submission, key);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ status: 503, requestId: expect.any(String) });
    await sleep(1_500);

    pg.start();
    phase = 'database back';
    let recoveredAt = 0;
    for (let i = 0; i < 300 && recoveredAt === 0; i++) {
      const states = await Promise.all(direct.map((base) => call(base, 'GET', '/readyz')));
      if (states.every((s) => s.status === 200)) recoveredAt = Date.now();
      else await sleep(100);
    }
    expect(recoveredAt).toBeGreaterThan(0);
    // The same processes serve again: none exited.
    for (const r of replicas) expect(r.output().stderr).not.toMatch(/Uncaught|FATAL|exited/);
    const graded = await call(lb.url, 'POST', `/api/v1/me/attempts/${start.body.attempt.id}/submit`, quizzer.token, submission, key);
    expect(graded.status).toBe(200);
    expect(graded.body).toMatchObject({ score: 100, passed: true });
    const retried = await call(lb.url, 'POST', `/api/v1/me/attempts/${start.body.attempt.id}/submit`, quizzer.token, submission, key);
    expect(retried.body).toEqual(graded.body);
    await sleep(500);

    // 2. One replica is killed between requests: the survivor takes the whole load.
    // (A request in flight on a killed replica gets nginx's 502, as it would in production; a
    // client retries it with its idempotency key. Here the kill falls between requests.)
    paused = true;
    while (idle.size < learners.length) await sleep(10);
    await replicas[0]!.kill('SIGKILL');
    phase = 'one replica';
    paused = false;
    await sleep(1_500);

    // 3. The bucket is unreachable: the last good version keeps serving, readiness holds.
    await bucketLink.cut();
    phase = 'bucket away';
    await sleep(2_500);
    const whileAway = await call(lb.url, 'GET', `/api/v1/courses/${C}/steps/welcome`);
    expect(whileAway.status).toBe(200);
    expect((await call(direct[1]!, 'GET', '/readyz')).status).toBe(200);
    await bucketLink.restore();
    phase = 'bucket back';
    await sleep(1_000);

    running = false;
    await Promise.all(workers);

    // Never a 500; every failure during the database outage is a 503 problem document.
    const byPhase = (p: string) => answers.filter((a) => a.phase === p);
    expect(answers.filter((a) => a.status === 0 || (a.status >= 500 && a.status !== 503))).toEqual([]);
    for (const a of answers.filter((x) => x.status === 503)) expect(a.type).toBe('application/problem+json');
    expect(byPhase('database down').some((a) => a.status === 503)).toBe(true);
    // With one replica left, it answered everything, successfully.
    const survivor = byPhase('one replica');
    expect(survivor.length).toBeGreaterThan(0);
    expect(survivor.every((a) => a.replica === 'replica-b' && a.status === 200)).toBe(true);
    expect(byPhase('bucket away').every((a) => a.status === 200)).toBe(true);

    // No acknowledged write lost, none doubled.
    for (const learner of learners) {
      const progress = await call(lb.url, 'GET', `/api/v1/me/courses/${C}/progress`, learner.token);
      expect(progress.status).toBe(200);
      const completed = new Set((progress.body.chapters as { steps: { id: string; status: string }[] }[]).flatMap((c) => c.steps.filter((s) => s.status === 'completed').map((s) => s.id)));
      for (const step of learner.acked) expect(completed).toContain(step);
      const events = (await call(lb.url, 'GET', '/api/v1/me/events?limit=500', learner.token)).body.events as { type: string; stepId?: string }[];
      const completions = events.filter((e) => e.type === 'completed' && STEPS.includes(e.stepId ?? ''));
      expect(completions.length).toBe(new Set(completions.map((e) => e.stepId)).size);
    }
    const after = await call(lb.url, 'GET', `/api/v1/me/courses/${C}/progress`, quizzer.token);
    expect(after.body.chapters[0].checkpoint).toMatchObject({ attemptsUsed: 1, score: 100 });

    const refusedCount = byPhase('database down').filter((a) => a.status === 503).length;
    process.stdout.write(
      `faults: database outage to both replicas ready: ${recoveredAt - down} ms (PostgreSQL stopped ~1.5 s); ` +
        `${refusedCount} requests refused with 503 during it; ${answers.length} requests in all; acknowledged writes lost: 0, doubled: 0\n`,
    );
  }, 300_000);
});
