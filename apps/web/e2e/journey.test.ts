// The learner's journey of issue 11 in real Chromium against the real server: sign up, onboarding,
// read a step, fail a checkpoint, take a hint, pass, see the next step unlock and the dashboard
// change, review a due card, search and follow a result to its anchor, sign out and back in and
// resume at the same place. Every main page is screenshotted and checked with axe at 360 and 1280 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setTier } from '@cc/core';
import { testDatabases } from '@cc/db/testing';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { openBrowser, screenshot, seriousViolations, ShiftedClock, startServer, WIDTHS, type Browser } from './harness.ts';

const person = { name: 'Ada Learner', email: 'ada@example.com', password: 'correct horse battery staple' };

/** Fieldset of the quiz question whose prompt contains `text`. */
const question = (page: Page, text: string) => page.locator('fieldset.question', { hasText: text });

async function orderItems(page: Page, prompt: string, wanted: string[]) {
  const q = question(page, prompt);
  for (const [i, text] of wanted.entries()) {
    for (;;) {
      const order = (await q.locator('.ordering-text').allTextContents()).map((t) => t.trim());
      const at = order.indexOf(text);
      if (at <= i) break;
      await q.getByRole('button', { name: `Move “${text}” up` }).click();
    }
  }
}

describe.each(testDatabases())('web journey on $name', (database) => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const clock = new ShiftedClock();
  const violations: string[] = [];
  const visited: { name: string; path: string }[] = [];

  /** Screenshot + axe of the page as it is now, remembered for the 360 px pass. */
  async function capture(name: string) {
    const path = new URL(page.url()).pathname + new URL(page.url()).search;
    visited.push({ name, path });
    await screenshot(page, name);
    for (const v of await seriousViolations(page)) violations.push(`${name} @1280: ${v}`);
  }

  beforeAll(async () => {
    server = await startServer(await database.open(), clock);
    browser = await openBrowser(1280);
    page = browser.page;
  });
  afterAll(async () => {
    if (page) await screenshot(page, 'last-state').catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('walks the journey', async () => {
    const base = server.url;
    // The catalogue, anonymously.
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
    await page.getByRole('link', { name: 'Mini Course' }).waitFor();
    await capture('catalogue');

    // Sign up, then the onboarding questionnaire.
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Create an account' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    await page.getByLabel('Name').fill(person.name);
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(person.password);
    await capture('sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tell us about you' }).waitFor();
    await page.getByText('None: I do not write software').click();
    await page.getByText('Build with it').click();
    await capture('onboarding');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
    const me = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()) as { id: string; profile: { softwareExperience: string; goals: string[] } });
    expect(me.profile.softwareExperience).toBe('none');
    expect(me.profile.goals).toContain('build');
    // An operator opens premium for this learner (there is no payment flow).
    await setTier(server.runtime.learning, me.id, 'premium');

    // The outline: the practice chapter waits for the basics checkpoint.
    await page.goto(`${base}/courses/mini-course`);
    await page.getByRole('heading', { level: 1, name: 'Mini Course' }).waitFor();
    const practice = page.locator('li.chapter', { hasText: 'Putting tokens to work' });
    await practice.getByText('Locked until you').waitFor();
    expect(await practice.textContent()).toContain('with at least 80%');
    await capture('outline');

    // Read a step, mark it complete, move on with the keyboard.
    await page.getByRole('link', { name: 'Welcome' }).first().click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.locator('pre code.hljs').first().waitFor();
    await capture('step');
    await page.getByRole('button', { name: 'Mark as complete' }).click();
    await page.getByRole('button', { name: '✓ Completed' }).waitFor();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/\/steps\/first-exercise$/);

    // The checkpoint: the next step is locked until it is passed.
    await page.goto(`${base}/courses/mini-course/steps/basics-checkpoint`);
    await page.locator('.pager-link.is-locked').waitFor();
    await page.getByRole('button', { name: 'Start the quiz' }).click();
    await question(page, 'Which statements about tokens are true?').waitFor();
    await capture('quiz');
    // A wrong attempt.
    await question(page, 'Which statements about tokens are true?').getByText('Every word is exactly one token').click();
    await question(page, 'About how many tokens').locator('input').fill('5');
    await question(page, 'What do you call the component').locator('input').fill('a word cutter');
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.getByRole('heading', { name: /Not passed yet/ }).waitFor();
    await capture('quiz-failed');

    // Try again, with a hint, and pass.
    await page.getByRole('button', { name: 'Try again' }).click();
    const first = question(page, 'Which statements about tokens are true?');
    await first.waitFor();
    await first.getByRole('button', { name: /Show a hint/ }).click();
    await first.getByText('More than one is right.').waitFor();
    await first.getByText('Rare words may be split into several tokens').click();
    await first.getByText('Spaces and punctuation can be tokens').click();
    await question(page, 'About how many tokens').locator('input').fill('1000');
    await question(page, 'What do you call the component').locator('input').fill('tokenizer');
    await orderItems(page, 'Put the steps in order.', ['Raw text', 'Split into tokens', 'Map tokens to ids']);
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.getByRole('heading', { name: /^Passed/ }).waitFor();
    // Both right options say "Correct.": the result says it once, not once per option.
    const tokensResult = page.locator('li.result', { hasText: 'Which statements about tokens are true?' });
    expect(await tokensResult.locator('.feedback').allTextContents()).toEqual(['Correct.']);
    // The next step unlocks in place.
    await page.locator('a.pager-next', { hasText: 'Using tokens' }).or(page.locator('a.pager-next')).first().waitFor();
    expect(await page.locator('.pager-link.is-locked').count()).toBe(0);
    await capture('quiz-passed');

    // The dashboard shows the change.
    await page.goto(`${base}/progress/mini-course`);
    await page.getByRole('heading', { level: 1, name: 'Your progress' }).waitFor();
    const basicsRow = page.locator('table.data-table tr', { hasText: 'The basics' });
    await basicsRow.waitFor();
    expect(await basicsRow.textContent()).not.toMatch(/\b0%/);
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await capture('dashboard');

    // Three days later, answered questions are due for review.
    clock.offsetMs = 3 * 86_400_000;
    await page.goto(`${base}/review`);
    await page.getByText(/Card 1 of \d+/).waitFor();
    await capture('review');
    const card = page.locator('fieldset.question');
    const textbox = card.locator('input:not([type=checkbox]):not([type=radio])');
    if (await textbox.count()) await textbox.first().fill('1000');
    else if (await card.locator('label.choice').count()) await card.locator('label.choice').first().click();
    else if (await card.locator('select').count()) await card.locator('select').first().selectOption({ index: 1 });
    const check = page.getByRole('button', { name: 'Check' });
    if (await check.isDisabled()) await card.getByRole('button', { name: /Move .* down/ }).first().click();
    await check.click();
    await page.getByRole('button', { name: 'Next card' }).waitFor();

    // Search, and follow a result to its heading.
    await page.goto(`${base}/search`);
    await page.getByLabel('Search every course').fill('context window');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('.search-results mark').first().waitFor();
    // The glossary term comes first, with its passage marked, and opens looked up on the glossary page.
    const references = page.getByRole('region', { name: 'In the glossary and common mistakes' });
    const term = references.locator('a[href="/courses/mini-course/glossary?q=Context+window"]');
    await term.waitFor();
    expect(await term.textContent()).toBe('Context window');
    expect(await references.locator('mark').count()).toBeGreaterThan(0);
    await capture('search');
    const hit = page.locator('.search-results a[href*="/mini-course/steps/welcome#"]').first();
    const href = (await hit.getAttribute('href')) ?? '';
    await hit.click();
    const anchor = decodeURIComponent(href.split('#')[1] ?? '');
    await page.locator(`[id="${anchor}"]`).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(anchor);

    // The account page, sign out, sign in again, resume where we were.
    await page.goto(`${base}/courses/mini-course/steps/history`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.goto(`${base}/account`);
    await page.getByText(person.email).waitFor();
    await capture('account');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(person.password);
    await capture('sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const banner = page.locator('aside.resume-banner', { hasText: 'Mini Course' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('A short history of tokenizers');
    await banner.getByRole('link', { name: 'Resume' }).click();
    await page.waitForURL(/\/courses\/mini-course\/steps\/history$/);

    // The rest of the main pages.
    for (const [name, path] of [
      ['privacy', '/privacy'],
      ['terms', '/terms'],
      ['not-found', '/no/such/page'],
      ['outline-genai', '/courses/genai-fundamentals'],
      ['step-code', '/courses/genai-fundamentals/steps/sampling-and-temperature'],
      ['step-locked', '/courses/genai-fundamentals/steps/context-windows'],
    ] as const) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await capture(name);
    }

    // Anonymous: a premium step explains what premium adds, without its content.
    const anonymous = await openBrowser(1280);
    try {
      await anonymous.page.goto(`${base}/courses/mini-course/steps/applying-tokens`);
      await anonymous.page.getByText('Part of the premium course').waitFor();
      await screenshot(anonymous.page, 'premium-locked');
      for (const v of await seriousViolations(anonymous.page)) violations.push(`premium-locked @1280: ${v}`);
      await anonymous.page.setViewportSize({ width: 360, height: 800 });
      await screenshot(anonymous.page, 'premium-locked');
      for (const v of await seriousViolations(anonymous.page)) violations.push(`premium-locked @360: ${v}`);
    } finally {
      await anonymous.close();
    }

    // Every page again at 360 px.
    await page.setViewportSize({ width: WIDTHS[0], height: 800 });
    for (const { name, path } of visited) {
      if (name === 'sign-up' || name === 'sign-in' || name.startsWith('quiz')) continue;
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, name);
      for (const v of await seriousViolations(page)) violations.push(`${name} @360: ${v}`);
    }

    expect(violations).toEqual([]);
    expect(browser.problems.filter((p) => !p.includes('status of 4'))).toEqual([]);
  });
});
