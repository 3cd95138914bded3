import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XapiStatementSchema } from '@cc/core';
import { compose } from '../compose.ts';
import { loadConfig } from '../config.ts';
import { silentLogger } from '../logger.ts';
import { fixturesDir } from '../testing/test-server.ts';
import { main } from './learners.ts';

let dataDir: string;
let env: Record<string, string>;
let learnerId: string;
const lines: { out: string[]; err: string[] } = { out: [], err: [] };
const io = () => {
  lines.out = [];
  lines.err = [];
  return { out: (l: string) => lines.out.push(l), err: (l: string) => lines.err.push(l), env };
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cc-cli-'));
  env = { DATA_DIR: dataDir, CONTENT_DIR: fixturesDir };
  // A learner with some history, made through the use-cases as the server would.
  const runtime = await compose(loadConfig(env), silentLogger);
  const { createLearner, completeStep, visitStep } = await import('@cc/core');
  learnerId = (await createLearner(runtime.learning)).id;
  await visitStep(runtime.learning, learnerId, 'mini-course', 'welcome');
  await completeStep(runtime.learning, learnerId, 'mini-course', 'welcome');
  await runtime.close();
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('pnpm learners', () => {
  it('sets a tier and shows it', async () => {
    expect(await main(['set-tier', learnerId, 'premium'], io())).toBe(0);
    expect(lines.out).toEqual([`learner ${learnerId} is now premium`]);
    expect(await main(['show', learnerId], io())).toBe(0);
    expect(JSON.parse(lines.out.join('\n'))).toMatchObject({ id: learnerId, tier: 'premium' });
  });

  it('refuses bad input with a clear message and no stack trace', async () => {
    expect(await main(['set-tier', learnerId, 'gold'], io())).toBe(2);
    expect(lines.err[0]).toBe('the tier must be one of: free, premium, pro');
    expect(await main(['set-tier', 'not-a-uuid', 'pro'], io())).toBe(2);
    expect(await main(['set-tier', '00000000-0000-4000-8000-000000000000', 'pro'], io())).toBe(1);
    expect(lines.err[0]).toContain('was not found');
    expect(await main([], io())).toBe(2);
  });

  it('exports valid xAPI statements to a file', async () => {
    const file = path.join(dataDir, 'statements.json');
    expect(await main(['export-xapi', learnerId, '--out', file], io())).toBe(0);
    const statements = JSON.parse(await readFile(file, 'utf8')) as unknown[];
    expect(statements.map((s) => (s as { verb: { id: string } }).verb.id)).toEqual([
      'http://adlnet.gov/expapi/verbs/experienced',
      'http://adlnet.gov/expapi/verbs/completed',
      'http://adlnet.gov/expapi/verbs/progressed',
    ]);
    for (const s of statements) expect(XapiStatementSchema.safeParse(s).success).toBe(true);
  });

  it('creates a demo account that can sign in and has the first chapter done, and leaves it alone the second time', async () => {
    const args = ['create-demo', '--email', 'Reviewer@Example.com', '--password', 'correct horse battery', '--course', 'mini-course'];
    expect(await main(args, io())).toBe(0);
    expect(lines.out[0]).toMatch(/^created: Reviewer@Example.com \(learner [0-9a-f-]{36}, premium\)$/);
    expect(lines.out.join('\n')).not.toContain('password:');
    const demoId = /learner ([0-9a-f-]{36})/.exec(lines.out[0]!)![1]!;

    const runtime = await compose(loadConfig(env), silentLogger);
    try {
      const { courseProgress, getLearner } = await import('@cc/core');
      expect(await getLearner(runtime.learning, demoId)).toMatchObject({ tier: 'premium', profile: { goals: ['build'] } });
      const progress = await courseProgress(runtime.learning, demoId, 'mini-course');
      expect(progress.chapters[0]).toMatchObject({ completion: 100, checkpoint: { passed: true, score: 100 } });
      expect(progress.chapters[1]!.status).toBe('in_progress');
      const signIn = await runtime.auth.api.signInEmail({ body: { email: 'reviewer@example.com', password: 'correct horse battery' } });
      expect(signIn.user.id).toBe(demoId);
    } finally {
      await runtime.close();
    }

    expect(await main(args, io())).toBe(0);
    expect(lines.out[0]).toBe(`exists: Reviewer@Example.com (learner ${demoId}, premium)`);
    expect(await main(['create-demo', '--email', 'not-an-email'], io())).toBe(2);
    expect(await main(['create-demo', '--password', 'short'], io())).toBe(2);
  });

  describe('pushing to an LRS', () => {
    let lrs: Server;
    let url: string;
    const received: { auth: string | undefined; version: string | undefined; body: unknown[] }[] = [];
    let failNext = false;
    beforeAll(async () => {
      // A minimal LRS statements endpoint on loopback that validates what it receives.
      lrs = createServer((req, res) => {
        let raw = '';
        req.on('data', (d: Buffer) => (raw += d));
        req.on('end', () => {
          if (failNext) {
            failNext = false;
            res.writeHead(503).end('maintenance');
            return;
          }
          const body = JSON.parse(raw) as unknown[];
          const valid = req.url === '/xapi/statements' && body.every((s) => XapiStatementSchema.safeParse(s).success);
          received.push({ auth: req.headers.authorization, version: req.headers['x-experience-api-version'] as string, body });
          res.writeHead(valid ? 200 : 400, { 'content-type': 'application/json' }).end(JSON.stringify([]));
        });
      });
      await new Promise<void>((r) => lrs.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(lrs.address() as AddressInfo).port}/xapi`;
    });
    afterAll(() => new Promise<void>((r) => lrs.close(() => r())));

    it('posts every statement with the xAPI version header and credentials', async () => {
      env.XAPI_LRS_AUTH = 'lrs-user:secret';
      expect(await main(['export-xapi', learnerId, '--push', url], io())).toBe(0);
      expect(lines.out).toEqual([`pushed 3 statements to ${url}`]);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ auth: `Basic ${Buffer.from('lrs-user:secret').toString('base64')}`, version: '1.0.3' });
      expect(received[0]!.body).toHaveLength(3);
    });

    it('reports an LRS failure and exits 1', async () => {
      failNext = true;
      expect(await main(['export-xapi', learnerId, '--push', url], io())).toBe(1);
      expect(lines.err[0]).toBe('the LRS answered 503 Service Unavailable: maintenance');
    });
  });
});
