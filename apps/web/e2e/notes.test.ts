// A learner's bookmarks, highlights, notes and achievements in real Chromium against the real
// server: bookmark a step, select a passage and write a note on it, find both on the notes page
// (with a note written through /mcp by a real MCP client for the same account), search, edit, see
// the highlight flagged once the course edits its passage, delete; complete a step and find the
// achievement on the dashboard with what remains for the next. Axe (no violation at all) on the
// notes page and the achievements at 360 and 1280 px; screenshots for the README.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { testDatabases } from '@cc/db/testing';
import { connectMcp, mcpLearner, type McpTestClient, type ToolResult } from '../../server/src/testing/mcp-clients.ts';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { openBrowser, repoRoot, screenshot, screenshotDir, seriousViolations, startServer, WIDTHS, type Browser } from './harness.ts';

const C = 'mini-course';
/** The password mcpLearner's sign-up uses. */
const PASSWORD = 'correct horse battery';
const PASSAGE = 'the oldest parts must be dropped or summarised';

const ok = (r: ToolResult) => {
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  return r.structuredContent as Record<string, any>;
};

/** Every axe violation (any impact) in the page, or in the part of it `include` selects. */
async function violations(page: Page, include?: string): Promise<string[]> {
  let axe = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  if (include) axe = axe.include(include);
  const result = await axe.analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Selects `text` in the step body as a learner dragging over it would (a Range over one text node). */
async function selectInStep(page: Page, text: string): Promise<void> {
  await page.evaluate((wanted) => {
    const walker = document.createTreeWalker(document.querySelector('article.step')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const flat = (node.textContent ?? '').replace(/\s/g, ' ');
      const at = flat.indexOf(wanted);
      if (at === -1) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const selection = document.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return;
    }
    throw new Error(`"${wanted}" is not in the step`);
  }, text);
}

describe.each(testDatabases())('notes, bookmarks and achievements in the browser on $name', (database) => {
  let server: TestServer & { contentDir: string };
  let browser: Browser;
  let page: Page;
  let mcp: McpTestClient | undefined;
  const found: string[] = [];

  beforeAll(async () => {
    server = await startServer(await database.open());
    browser = await openBrowser(1280);
    page = browser.page;
  });
  afterAll(async () => {
    if (page) await screenshot(page, `notes-last-state-${database.name}`).catch(() => undefined);
    await mcp?.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  async function scan(name: string, include?: string) {
    await page.waitForLoadState('networkidle');
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page, `${name}-${database.name}`);
      for (const v of await violations(page, include)) found.push(`${name} @${width}: ${v}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  it('bookmarks a step, highlights a passage with a note, and manages both on the notes page, with a note from ChatGPT', async () => {
    const base = server.url;
    const email = `nora-${database.name}@example.com`;
    const { token } = await mcpLearner(server, { email });

    await page.goto(`${base}/account/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();

    // Nothing yet: the notes page says so, and is in the main navigation.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your notes' }).waitFor();
    await page.getByText('No bookmarks yet.').waitFor();
    await page.getByText('No notes yet.').waitFor();

    // On the step: bookmark it, select a passage, write a note on it.
    await page.goto(`${base}/courses/${C}/steps/welcome`);
    await page.getByRole('heading', { level: 1, name: 'Welcome to tokens' }).waitFor();
    await page.getByRole('button', { name: '☆ Bookmark this step' }).click();
    await page.getByRole('button', { name: '★ Bookmarked' }).waitFor();
    await selectInStep(page, PASSAGE);
    const panel = page.getByRole('region', { name: 'Your bookmark and notes' });
    await panel.getByText('Your note will highlight this passage:').waitFor();
    expect((await panel.locator('.passage blockquote').textContent())?.replace(/\s+/g, ' ')).toBe(PASSAGE);
    await panel.getByLabel('New note (Markdown)').fill('RAG could bring the **dropped** parts back');
    await panel.screenshot({ path: path.join(screenshotDir, `notes-step-panel-${database.name}.png`) });
    await panel.getByRole('button', { name: 'Save note' }).click();
    await panel.locator('ul.notes li', { hasText: 'RAG could bring the' }).waitFor();
    expect((await panel.locator('ul.notes blockquote').textContent())?.replace(/\s+/g, ' ')).toBe(PASSAGE);
    // Complete the step (the first achievement, checked on the dashboard below).
    await page.getByRole('button', { name: 'Mark as complete' }).click();
    await page.getByRole('button', { name: '✓ Completed' }).waitFor();

    // The other door: the same learner writes a note in ChatGPT, and reads the web's note there.
    mcp = await connectMcp('v2', base, token);
    const fromChat = ok(await mcp.call('add_note', { courseId: C, stepId: 'history', markdown: 'Written in ChatGPT: ask about **byte-pair** merges' }));
    expect(ok(await mcp.call('search_notes', { query: 'dropped' })).notes.map((n: { markdown: string }) => n.markdown)).toEqual(['RAG could bring the **dropped** parts back']);

    // The notes page: the bookmark (linked to its step) and both notes, newest first.
    await page.getByRole('link', { name: 'All your notes and bookmarks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your notes' }).waitFor();
    expect(page.url()).toContain(`/notes?course=${C}`);
    const bookmarks = page.locator('section[aria-labelledby="bookmarks-heading"]');
    await bookmarks.getByRole('link', { name: 'Welcome to tokens' }).waitFor();
    expect(await bookmarks.getByRole('link', { name: 'Welcome to tokens' }).getAttribute('href')).toBe(`/courses/${C}/steps/welcome`);
    const notes = page.locator('section[aria-labelledby="notes-heading"]');
    const items = notes.locator('li.trace');
    await items.nth(1).waitFor();
    expect(await items.count()).toBe(2);
    expect(await items.nth(0).textContent()).toContain('Written in ChatGPT: ask about byte-pair merges');
    expect(await items.nth(0).getByRole('link', { name: 'A short history of tokenizers' }).count()).toBe(1);
    const ours = items.nth(1);
    expect((await ours.locator('blockquote').textContent())?.replace(/\s+/g, ' ')).toBe(PASSAGE);
    // A highlight links to the heading of its section.
    expect(await ours.getByRole('link', { name: 'Welcome to tokens' }).getAttribute('href')).toBe(`/courses/${C}/steps/welcome#why-context-windows-matter`);

    // Across all courses, each item says which course it belongs to.
    await page.getByLabel('Course', { exact: true }).selectOption('');
    await page.waitForURL((url) => !url.search.includes('course='));
    await page.getByText('Mini Course · Bookmarked').waitFor();
    await items.nth(1).getByText(/^Mini Course · Written/).waitFor();
    expect(await items.count()).toBe(2);

    // The download gives both notes and the bookmark, as the data export.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download them all (JSON)' }).click()]);
    expect(download.suggestedFilename()).toBe('course-companion-notes.json');
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { format: string; bookmarks: { stepId: string }[]; notes: { markdown: string }[] };
    expect(exported.format).toBe('course-companion.notes/1');
    expect(exported.bookmarks.map((b) => b.stepId)).toEqual(['welcome']);
    expect(exported.notes.map((n) => n.markdown).sort()).toEqual(['RAG could bring the **dropped** parts back', 'Written in ChatGPT: ask about **byte-pair** merges']);

    // Search within one's own notes.
    await page.getByLabel('Search your notes').fill('rag dropped');
    await notes.getByRole('heading', { name: 'Notes matching “rag dropped”' }).waitFor();
    await notes.getByText('1 note found').waitFor();
    expect(await notes.locator('li.trace').count()).toBe(1);
    expect(await page.locator('section[aria-labelledby="bookmarks-heading"]').count()).toBe(0);
    await page.getByLabel('Search your notes').fill('nothing-like-this');
    await notes.getByText('None of your notes has every word of “nothing-like-this”.').waitFor();
    await page.getByLabel('Search your notes').fill('');
    await page.getByRole('heading', { level: 2, name: 'Notes', exact: true }).waitFor();

    // Edit the note.
    // Our note is the one with a highlighted passage (its text moves into a field while edited).
    const note = page.locator('section[aria-labelledby="notes-heading"]').locator('li.trace', { has: page.locator('blockquote') });
    expect(await note.textContent()).toContain('RAG could bring the dropped parts back');
    await note.getByRole('button', { name: 'Edit the note on Welcome to tokens' }).click();
    await note.getByLabel('Edit your note (Markdown)').fill('RAG: **retrieval** brings the dropped parts back');
    await note.getByRole('button', { name: 'Save' }).click();
    const edited = note;
    await edited.locator('strong', { hasText: 'retrieval' }).waitFor();
    await edited.getByText(/· edited/).waitFor();
    expect(ok(await mcp.call('list_notes', { courseId: C, stepId: 'welcome' })).notes.map((n: { markdown: string }) => n.markdown)).toEqual([
      'RAG: **retrieval** brings the dropped parts back',
    ]);

    // The course edits the passage: the highlight is flagged, the note is kept.
    const stepFile = path.join(server.contentDir, C, 'chapters/basics/welcome.md');
    const source = readFileSync(stepFile, 'utf8');
    expect(source).toContain('the oldest\nparts must be dropped or summarised');
    writeFileSync(stepFile, source.replace('the oldest\nparts must be dropped or summarised', 'the oldest\nparts are cut or summarised'));
    await page.reload();
    await edited.getByText('This passage has been edited or removed since you highlighted it').waitFor();
    await edited.getByText('Changed', { exact: true }).waitFor();
    await scan('web-notes');
    await page.setViewportSize({ width: 1280, height: 900 });
    mkdirSync(path.join(repoRoot, 'docs/images'), { recursive: true });
    await page.locator('section.notes-page').screenshot({ path: path.join(repoRoot, 'docs/images/web-notes.png') });

    // Delete the note (after a confirmation) and remove the bookmark; ChatGPT's note stays.
    await edited.getByRole('button', { name: 'Delete the note on Welcome to tokens' }).click();
    await edited.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.locator('section[aria-labelledby="notes-heading"]').locator('li.trace', { hasText: 'RAG: retrieval' }).waitFor({ state: 'detached' });
    expect(await page.locator('section[aria-labelledby="notes-heading"]').locator('li.trace').count()).toBe(1);
    expect(ok(await mcp.call('list_notes', { courseId: C })).notes.map((n: { id: string }) => n.id)).toEqual([fromChat.id]);
    await page.getByRole('button', { name: 'Remove the bookmark on Welcome to tokens' }).click();
    await page.getByText('No bookmarks yet.').waitFor();
    expect(ok(await mcp.call('list_bookmarks', { courseId: C })).bookmarks).toEqual([]);
  });

  it('shows the achievement earned on the dashboard, dated, with what remains for the next ones', async () => {
    await page.goto(`${server.url}/progress/${C}`);
    await page.getByRole('heading', { level: 1, name: 'Your progress' }).waitFor();
    const achievements = page.getByRole('region', { name: 'Achievements' });
    const first = achievements.locator('li', { hasText: 'First step' });
    await first.waitFor();
    expect(await first.locator('.badge-done').count()).toBe(1);
    expect(await first.textContent()).toMatch(/Earned [\w ,]+\d{4}/);
    // What remains: the course's own "Warmed up" (the welcome step and the first exercise) among the next ones.
    const warmedUp = achievements.locator('li', { hasText: 'Warmed up' });
    await warmedUp.getByText('1 of 2 · 1 to go').waitFor();
    expect(await warmedUp.getByRole('progressbar').getAttribute('value')).toBe('1');
    expect(await achievements.textContent()).toMatch(/\(1 of \d+ earned\)/);
    await achievements.scrollIntoViewIfNeeded();
    await scan('web-achievements', 'section.achievements');
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const v of await seriousViolations(page)) found.push(`dashboard @${width}: ${v}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await achievements.screenshot({ path: path.join(repoRoot, 'docs/images/web-achievements.png') });
    copyFileSync(path.join(repoRoot, 'docs/images/web-achievements.png'), path.join(screenshotDir, `web-achievements-section-${database.name}.png`));

    expect(found).toEqual([]);
    expect(browser.problems.filter((p) => !p.includes('status of 4'))).toEqual([]);
  });
});
