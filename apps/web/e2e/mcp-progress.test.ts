// One learner, two doors: progress made through /mcp by a real MCP client (an OAuth access token
// obtained as ChatGPT obtains one) shows on the web for the same account, in real Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { connectMcp, mcpLearner, type ToolResult } from '../../server/src/testing/mcp-clients.ts';
import { correctAnswers, fixtureCourseDir, loadCourseDir } from '../../server/src/testing/quiz-keys.ts';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { openBrowser, screenshot, startServer, type Browser } from './harness.ts';

const C = 'mini-course';
const EMAIL = 'mia@example.com';
/** The password mcpLearner's sign-up uses. */
const PASSWORD = 'correct horse battery';

const ok = (r: ToolResult) => {
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  return r.structuredContent as Record<string, any>;
};

describe.each(testDatabases())('progress made through MCP, seen on the web, on $name', (database) => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer(await database.open());
    browser = await openBrowser(1280);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the steps completed and the checkpoint passed in ChatGPT on the outline and dashboard', async () => {
    const { page } = browser;
    const base = server.url;
    const { token } = await mcpLearner(server, { email: EMAIL, tier: 'premium' });

    // Before: the web shows nothing done, and the practice chapter waits for the checkpoint.
    await page.goto(`${base}/account/sign-in`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
    await page.goto(`${base}/courses/${C}`);
    const practice = page.locator('li.chapter', { hasText: 'Putting tokens to work' });
    await practice.getByText('Locked until you').waitFor();
    expect(await page.locator('li.step-row.status-completed').count()).toBe(0);

    // Through the MCP door: complete a step, pass the checkpoint.
    const mcp = await connectMcp('v2', base, token);
    try {
      expect(ok(await mcp.call('complete_step', { courseId: C, stepId: 'welcome' }))).toMatchObject({ completed: true });
      const course = await loadCourseDir(fixtureCourseDir(C));
      const open = ok(await mcp.call('start_quiz', { courseId: C, quizId: 'basics-checkpoint' }));
      const graded = ok(await mcp.call('submit_quiz', { attemptId: open.attempt.id, answers: correctAnswers(course.quizzes['basics-checkpoint']!, open.quiz) }));
      expect(graded).toMatchObject({ score: 100, passed: true });
    } finally {
      await mcp.close();
    }

    // On the web, same account: the outline, the step and the dashboard show it.
    await page.goto(`${base}/courses/${C}`);
    await page.getByRole('heading', { level: 1, name: 'Mini Course' }).waitFor();
    await page.locator('li.step-row.status-completed', { hasText: 'Welcome' }).waitFor();
    await page.locator('li.step-row.status-completed', { hasText: 'Checkpoint' }).first().waitFor();
    await page.locator('li.chapter', { hasText: 'Putting tokens to work' }).locator('li.step-row').first().waitFor();
    expect(await practice.getByText('Locked until you').count()).toBe(0);
    await screenshot(page, 'mcp-progress-outline');

    await page.goto(`${base}/courses/${C}/steps/welcome`);
    await page.getByRole('button', { name: '✓ Completed' }).waitFor();

    await page.goto(`${base}/progress/${C}`);
    await page.getByRole('heading', { level: 1, name: 'Your progress' }).waitFor();
    const basicsRow = page.locator('table.data-table tr', { hasText: 'The basics' });
    await basicsRow.waitFor();
    expect(await basicsRow.textContent()).not.toMatch(/\b0%/);
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'mcp-progress-dashboard');
    expect(browser.problems.filter((p) => !p.includes('status of 4'))).toEqual([]);
  });
});
