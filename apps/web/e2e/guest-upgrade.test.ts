// A guest who signs up in the web app keeps their progress (issue 11, Accounts), in real Chromium
// against the real server: the sign-up sends the guest token (X-Guest-Session), the account's
// learner is the guest's learner, and the guest token stops working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { testDatabases } from '@cc/db/testing';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { openBrowser, startServer, type Browser } from './harness.ts';

describe.each(testDatabases())('web guest upgrade on $name', (database) => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    server = await startServer(await database.open());
    browser = await openBrowser(1280);
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps the progress made as a guest after signing up', async () => {
    const base = server.url;
    await page.goto(`${base}/courses/mini-course/steps/welcome`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.locator('pre code.hljs').first().waitFor();
    await page.getByRole('button', { name: 'Mark as complete' }).click();
    await page.getByRole('button', { name: '✓ Completed' }).waitFor();
    const token = await page.evaluate(() => localStorage.getItem('cc.guest-token'));
    expect(token).toMatch(/^cc_/);
    // The anonymous visit probed for a session without an error in the console (no 401 on /me).
    expect(browser.problems).toEqual([]);
    const guestMe = await page.evaluate(async (t) => (await (await fetch('/api/v1/me', { headers: { authorization: `Bearer ${t}` } })).json()) as { id: string }, token);

    await page.goto(`${base}/account/sign-up`);
    await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    await page.getByText('Everything you have done as a guest moves into your new account.').waitFor();
    expect(await page.content()).not.toContain('not carried over');
    await page.getByLabel('Name').fill('Grace Guest');
    await page.getByLabel('Email').fill('grace@example.com');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tell us about you' }).waitFor();

    expect(await page.evaluate(() => localStorage.getItem('cc.guest-token'))).toBeNull();
    const me = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()) as { id: string });
    expect(me.id).toBe(guestMe.id);
    const progress = await page.evaluate(
      async () => (await (await fetch('/api/v1/me/courses/mini-course/progress')).json()) as { chapters: { steps: { id: string; completedAt: string | null }[] }[] },
    );
    const welcome = progress.chapters.flatMap((c) => c.steps).find((s) => s.id === 'welcome');
    expect(welcome?.completedAt).toEqual(expect.any(String));
    const old = await page.evaluate(async (t) => (await fetch('/api/v1/me', { headers: { authorization: `Bearer ${t}` } })).status, token);
    expect(old).toBe(401);
    expect(browser.problems.filter((p) => !p.includes('401'))).toEqual([]);
  });

  it("opens a visitor's first quiz at the first click: the guest session it starts keeps the page in place", async () => {
    const visitor = await openBrowser(1280);
    try {
      await visitor.page.goto(`${server.url}/courses/mini-course/steps/welcome`);
      await visitor.page.getByRole('heading', { level: 1 }).waitFor();
      await visitor.page.getByRole('button', { name: 'Start the quiz' }).click();
      await visitor.page.getByRole('button', { name: 'Submit answers' }).waitFor();
      expect(await visitor.page.getByRole('button', { name: 'Start the quiz' }).count()).toBe(0);
      expect(await visitor.page.evaluate(() => localStorage.getItem('cc.guest-token'))).toMatch(/^cc_/);
    } finally {
      await visitor.close();
    }
  });
});
