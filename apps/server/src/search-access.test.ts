// Search does not leak premium text: a passage of a chapter the caller cannot open (the step answers
// 402) comes as its citation and title only, marked premium. Real server, PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTier } from '@cc/core';
import { testDatabases } from '@cc/db/testing';
import { client, guest } from './testing/client.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

interface Hit {
  chapterId: string;
  stepId: string;
  stepTitle: string;
  anchor: string;
  heading: string;
  premium: boolean;
  snippet: string;
  highlights: [number, number][];
}

describe.each(testDatabases())('search and access tiers on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database: await database.open() });
  });
  afterAll(() => server?.close());

  const search = async (as: ReturnType<typeof client>) => {
    const res = await as.get<{ hits: Hit[] }>('/search?q=prompt+costs&course=mini-course');
    expect(res.status).toBe(200);
    return res.body.hits;
  };
  const premiumHit = (hits: Hit[]) => hits.find((hit) => hit.stepId === 'applying-tokens');

  it('shows anonymous and free learners a premium passage as citation and title only, marked premium', async () => {
    const free = await guest(server.url);
    for (const as of [client(server.url), free]) {
      const hits = await search(as);
      const hit = premiumHit(hits);
      expect(hit).toMatchObject({ chapterId: 'practice', stepTitle: 'Estimating cost from tokens', premium: true, snippet: '', highlights: [] });
      expect(hit?.anchor).toEqual(expect.any(String));
      expect(JSON.stringify(hits)).not.toContain('0.50 USD per million');
    }
    // ...which is what the step itself says to them
    expect((await free.get('/courses/mini-course/steps/applying-tokens')).status).toBe(402);
  });

  it('shows the passage to a premium learner, and free passages to everyone', async () => {
    const premium = await guest(server.url);
    await setTier(server.runtime.learning, premium.learnerId, 'premium');
    const hits = (await search(premium)).filter((h) => h.chapterId === 'practice');
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      expect(h.premium).toBe(true);
      expect(h.snippet).not.toBe('');
      expect(h.highlights.length).toBeGreaterThan(0);
    }
    expect(JSON.stringify(hits)).toContain('0.50 USD per million');

    const anonymous = await client(server.url).get<{ hits: Hit[] }>('/search?q=tokens&course=mini-course');
    const freeHits = anonymous.body.hits.filter((h) => h.chapterId === 'basics');
    expect(freeHits.length).toBeGreaterThan(0);
    for (const h of freeHits) {
      expect(h.premium).toBe(false);
      expect(h.snippet).not.toBe('');
    }
  });
});
