// Scale out: two server processes (the real main.ts) share one PostgreSQL database and one
// S3-compatible bucket behind nginx (round-robin, one worker) on loopback. A learner's journey over
// REST and MCP alternates replicas request by request (seen in X-Replica), and everything the
// learner depends on stays right: progress, streak, attempts, idempotent retries, rate limits,
// content versions (a new bundle reaches both replicas) and MCP sessions with OAuth tokens.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { contentStoreFromEnv, pushBundle, type S3ContentStore } from '@cc/content';
import { createScratchPostgresDatabase, testDatabaseUrl, type ScratchPostgresDatabase } from '@cc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3rver, type TestBucket } from '../../../packages/content/src/test-support/s3rver.ts';
import { oauthLearner, type ToolResult } from './testing/mcp-clients.ts';
import { freePort, startNginx, type Balancer } from './testing/nginx.ts';
import { answersFor, fixtureCourseDir, loadCourseDir } from './testing/quiz-keys.ts';
import { startServerProcess, type ServerProcess } from './testing/server-process.ts';
import { fixturesDir } from './testing/test-server.ts';

const pgUrl = testDatabaseUrl();
const C = 'mini-course';
const authorPerfect = {
  'token-facts': { type: 'multiple', optionIds: ['a', 'b'] },
  'tokens-per-word': { type: 'numeric', value: 1000 },
  'name-the-tool': { type: 'short_text', text: 'tokenizer' },
  'pipeline-order': { type: 'ordering', itemIds: ['text', 'split', 'ids'] },
};

/** Every response's X-Replica, in order. */
const seen: string[] = [];
const recordingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  seen.push(res.headers.get('x-replica') ?? '(none)');
  return res;
};

function rest(base: string, token?: string) {
  const call = async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await recordingFetch(`${base}/api/v1${p}`, {
      method,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any, replica: res.headers.get('x-replica') };
  };
  return {
    get: (p: string) => call('GET', p),
    post: (p: string, body: unknown = {}, headers?: Record<string, string>) => call('POST', p, body, headers),
  };
}

/** Consecutive entries differ: round-robin really alternated between the two replicas. */
function expectAlternating(replicas: string[]) {
  expect(new Set(replicas)).toEqual(new Set(['replica-a', 'replica-b']));
  for (let i = 1; i < replicas.length; i++) expect(replicas[i], `request ${i}`).not.toBe(replicas[i - 1]);
}

describe.skipIf(!pgUrl)('two replicas behind nginx (TEST_DATABASE_URL)', { timeout: 180_000 }, () => {
  let scratch: ScratchPostgresDatabase;
  let bucket: TestBucket;
  let store: S3ContentStore;
  let courseDir: string;
  let lb: Balancer;
  const replicas: ServerProcess[] = [];
  const dataDirs: string[] = [];

  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase(pgUrl!);
    bucket = await startS3rver();
    store = contentStoreFromEnv(bucket.env, { coursesDir: fixturesDir }) as S3ContentStore;
    courseDir = path.join(await mkdtemp(path.join(tmpdir(), 'cc-scale-')), C);
    await cp(fixtureCourseDir(), courseDir, { recursive: true });
    await pushBundle(courseDir, store);

    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    for (const name of ['replica-a', 'replica-b']) {
      const dataDir = await mkdtemp(path.join(tmpdir(), `cc-${name}-`));
      dataDirs.push(dataDir);
      replicas.push(
        startServerProcess({
          ...bucket.env,
          DATABASE_URL: scratch.url,
          DATA_DIR: dataDir,
          PUBLIC_URL: publicUrl,
          // Shared by every replica: cookies, OAuth signing keys, quiz presentation ids.
          AUTH_SECRET: 'scale-out-secret-scale-out-secret-0123456789',
          REPLICA_ID: name,
          TRUST_PROXY_HOPS: '1',
          CONTENT_REFRESH_SECONDS: '1',
        }),
      );
    }
    const bases = await Promise.all(replicas.map((r) => r.listening));
    lb = await startNginx(bases.map((b) => new URL(b).host), port);
  }, 300_000);

  afterAll(async () => {
    await lb?.stop();
    await Promise.all(replicas.map((r) => r.kill('SIGTERM')));
    await bucket?.stop();
    await scratch?.drop();
    for (const d of [...dataDirs, path.dirname(courseDir)]) await rm(d, { recursive: true, force: true });
  });

  it('a REST learner journey alternates replicas and keeps progress, streak, attempts and idempotent retries right', async () => {
    seen.length = 0;
    const session = await rest(lb.url).post('/sessions/guest');
    expect(session.status).toBe(201);
    const me = rest(lb.url, session.body.token as string);

    for (const step of ['welcome', 'first-exercise', 'history']) {
      const done = await me.post(`/me/courses/${C}/steps/${step}/complete`);
      expect(done.status).toBe(200);
      expect(done.body.newlyCompleted).toBe(true);
      // Repeated on the other replica: still exactly once.
      expect((await me.post(`/me/courses/${C}/steps/${step}/complete`)).body.newlyCompleted).toBe(false);
    }
    const progress = await me.get(`/me/courses/${C}/progress`);
    expect(progress.status).toBe(200);
    expect(progress.body.resume).toMatchObject({ id: 'basics-checkpoint' });

    // An attempt started on one replica is graded on the other; a retry with the same key is the
    // same result, wherever it lands.
    const start = await me.post(`/me/courses/${C}/quizzes/basics-checkpoint/attempts`);
    expect(start.status).toBeLessThan(300);
    const again = await me.post(`/me/courses/${C}/quizzes/basics-checkpoint/attempts`);
    expect(again.replica).not.toBe(start.replica);
    expect(again.body.attempt.id).toBe(start.body.attempt.id);
    const basics = (await loadCourseDir(fixtureCourseDir())).quizzes['basics-checkpoint']!;
    const answers = answersFor(basics, start.body.quiz, authorPerfect);
    const key = { 'idempotency-key': 'scale-out-submit-1' };
    const graded = await me.post(`/me/attempts/${start.body.attempt.id}/submit`, { answers }, key);
    const retried = await me.post(`/me/attempts/${start.body.attempt.id}/submit`, { answers }, key);
    expect(graded.status).toBe(200);
    expect(graded.body).toMatchObject({ score: 100, passed: true });
    expect(retried.replica).not.toBe(graded.replica);
    expect(retried.body).toEqual(graded.body);

    const after = await me.get(`/me/courses/${C}/progress`);
    expect(after.body.chapters[0].checkpoint).toMatchObject({ attemptsUsed: 1, score: 100 });
    const streak = await me.get('/me/streak');
    expect(streak.status).toBe(200);
    expect(streak.body.current).toBe(1);
    const events = (await me.get('/me/events?limit=500')).body.events as { type: string }[];
    expect(events.filter((e) => e.type === 'passed')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'completed')).toHaveLength(4);

    expectAlternating(seen);
  });

  it('rate limits count across replicas: the address gets its limit once, not once per replica', async () => {
    seen.length = 0;
    const anonymous = rest(lb.url);
    const statuses: number[] = [];
    // 30 guest sessions per address per hour; one was used by the journey above.
    for (let i = 0; i < 32; i++) statuses.push((await anonymous.post('/sessions/guest')).status);
    const created = statuses.filter((s) => s === 201).length;
    expect(created).toBeLessThanOrEqual(29);
    expect(created).toBeGreaterThanOrEqual(28);
    expect(statuses.at(-1)).toBe(429);
    expectAlternating(seen);
  });

  it('an MCP learner (OAuth token issued through both replicas) keeps one record across replicas', async () => {
    const { token, learnerId } = await oauthLearner(lb.url, { email: 'scale@example.com' });
    seen.length = 0;
    const client = new Client({ name: 'cc-scale-out', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${lb.url}/mcp`), { fetch: recordingFetch, authProvider: { token: async () => token } }));
    const call = async (name: string, args: Record<string, unknown> = {}) => {
      const r = (await client.callTool({ name, arguments: args })) as ToolResult;
      expect(r.isError, `${name}: ${JSON.stringify(r.content)}`).toBeFalsy();
      return r.structuredContent as any;
    };
    expect(await call('whoami')).toMatchObject({ learnerId });
    expect((await call('complete_step', { courseId: C, stepId: 'welcome' })).newlyCompleted).toBe(true);
    expect((await call('complete_step', { courseId: C, stepId: 'welcome' })).newlyCompleted).toBe(false);
    expect((await call('get_progress', { courseId: C })).resume).toMatchObject({ id: 'first-exercise' });
    const open = await call('start_quiz', { courseId: C, quizId: 'welcome-check' });
    expect((await call('start_quiz', { courseId: C, quizId: 'welcome-check' })).attempt.id).toBe(open.attempt.id);
    expect((await call('get_streak')).current).toBe(1);
    await client.close();
    expectAlternating(seen.filter((r) => r !== '(none)'));
  });

  it('a new content version pushed to the bucket reaches both replicas, which then serve the same version', async () => {
    const before = await rest(lb.url).get(`/courses/${C}`);
    const oldVersion = before.body.course?.version ?? before.body.version;
    expect(typeof oldVersion).toBe('string');
    const file = path.join(courseDir, 'chapters/basics/welcome.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('# Welcome to tokens', '# Welcome to tokens\n\nScale-out edition.'));
    await pushBundle(courseDir, store);

    // Both replicas pick it up on their own (CONTENT_REFRESH_SECONDS=1), with no restart.
    const versions = new Map<string, string>();
    for (let i = 0; i < 200; i++) {
      const step = await rest(lb.url).get(`/courses/${C}/steps/welcome`);
      if (step.status === 200 && String(step.body.markdown).includes('Scale-out edition.')) versions.set(step.replica!, step.body.courseVersion as string);
      if (versions.size === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect([...versions.keys()].sort()).toEqual(['replica-a', 'replica-b']);
    const [a, b] = [...versions.values()];
    expect(a).toBe(b);
    expect(a).not.toBe(oldVersion);
  });
});
