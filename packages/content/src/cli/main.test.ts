import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyMiniCourse, MINI_COURSE_DIR, tempDir } from '../test-support/fixtures.ts';
import { startS3rver } from '../test-support/s3rver.ts';
import { main, USAGE } from './main.ts';

async function run(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await main(args, {
    stdout: sink((text) => (stdout += text)),
    stderr: sink((text) => (stderr += text)),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}

let work: { path: string; remove(): Promise<void> };
let broken: string;

beforeAll(async () => {
  work = await tempDir('cli');
  broken = await copyMiniCourse(work.path);
  const manifest = join(broken, 'course.yaml');
  await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('access: free', 'access: open').replace('      - history\n', '      - history\n      - missing\n'));
  const frontmatter = join(broken, 'chapters/basics/welcome.md');
  await writeFile(frontmatter, (await readFile(frontmatter, 'utf8')).replace('minutes: 8', 'minutes: eight'));
});
afterAll(() => work.remove());

describe('courses validate', () => {
  it('passes the mini course and prints its warnings and summary', async () => {
    const result = await run(['validate', MINI_COURSE_DIR]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.replace(/[0-9a-f]{64}/, '<version>')).toBe(
      [
        'Warnings (1):',
        '  chapters/practice/applying-tokens.md: lesson has 41 words; aim for 300-1,200',
        '',
        'mini-course: 2 chapters, 7 steps, 9 questions (single 2, multiple 1, true_false 1, numeric 1, short_text 1, ordering 1, matching 1, cloze 1), 3 glossary terms, 2 catalogue entries',
        'Guessing cues (hits of questions; chance):',
        '  single choice, right option has the first id: 1 of 2 (50 %; chance 1, 50 %) ok',
        '  multiple choice, right options have the first ids: 1 of 1 (100 %; chance 0.4, 43 %) above chance, within luck',
        '  drop-down blank, right option has the first id: 1 of 1 (100 %; chance 0.5, 50 %) above chance, within luck',
        '  single choice, right option is the longest: 0 of 2 (0 %; chance 1, 50 %) ok',
        '  true/false keyed false: 0 of 1 (0 %; chance 0.5, 50 %) ok',
        '  true/false keyed true: 1 of 1 (100 %; chance 0.5, 50 %) above chance, within luck',
        '  multiple choice with 2+ right options: 1 of 1 (100 %; chance 0.6, 57 %) above chance, within luck',
        '1 warning, 0 errors',
        'OK: version <version>',
        '',
      ].join('\n'),
    );
  });

  it('fails on warnings with --strict', async () => {
    const result = await run(['validate', MINI_COURSE_DIR, '--strict']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAILED: warnings fail in --strict mode');
  });

  it('fails a broken bundle and prints every problem as file:line field: message', async () => {
    const result = await run(['validate', 'mini-course'], { cwd: work.path });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Errors (3):\n');
    expect(result.stdout).toContain('  course.yaml:15 chapters[0].access: expected one of free, premium, got the text "open"\n');
    expect(result.stdout).toContain('  course.yaml:23 chapters[0].steps[3]: no file chapters/basics/missing.md\n');
    expect(result.stdout).toContain('  chapters/basics/welcome.md:5 frontmatter.minutes: expected a number, got the text "eight"\n');
    expect(result.stdout).toContain('3 errors');
    expect(result.stdout).toContain('FAILED: the bundle has errors');
  });

  it('explains a missing folder, a missing command and unknown options', async () => {
    expect(await run(['validate', join(work.path, 'nope')])).toMatchObject({ code: 1, stderr: `error: no such folder: ${join(work.path, 'nope')}\n` });
    expect(await run(['validate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('error: missing <dir>') });
    expect(await run([])).toMatchObject({ code: 2, stderr: expect.stringContaining('error: missing command') });
    expect(await run(['validate', MINI_COURSE_DIR, '--force'])).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--force'") });
    expect(await run(['--help'])).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });
});

describe('courses push', () => {
  it('needs a bucket configuration', async () => {
    const result = await run(['push', MINI_COURSE_DIR]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe('error: no bucket configured: set CONTENT_S3_BUCKET (and CONTENT_S3_ENDPOINT and the access keys for R2); see --help\n');
    const invalid = await run(['push', MINI_COURSE_DIR], { env: { CONTENT_S3_BUCKET: 'b', CONTENT_S3_ENDPOINT: 'not a url', CONTENT_S3_ACCESS_KEY_ID: 'key' } });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('CONTENT_S3_ENDPOINT: expected an http(s) URL');
    expect(invalid.stderr).toContain('CONTENT_S3_ACCESS_KEY_ID: set both CONTENT_S3_ACCESS_KEY_ID and CONTENT_S3_SECRET_ACCESS_KEY');
    expect(invalid.stderr).toContain('CONTENT_S3_BUCKET: expected a bucket name');
  });

  it('refuses an invalid bundle and prints its problems', async () => {
    const result = await run(['push', broken], { env: { CONTENT_S3_BUCKET: 'courses', CONTENT_S3_ENDPOINT: 'http://127.0.0.1:9' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('course.yaml:15 chapters[0].access');
    expect(result.stderr).toBe('error: the bundle has 3 errors; nothing was pushed\n');
  });

  it('reports S3 errors in one line, without a stack trace', async () => {
    const bucket = await startS3rver('real-bucket');
    try {
      const result = await run(['push', MINI_COURSE_DIR], { env: { ...bucket.env, CONTENT_S3_BUCKET: 'missing-bucket' } });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'error: S3 ListObjectsV2 s3://missing-bucket/cc/blobs/ failed: NoSuchBucket (HTTP 404): The specified bucket does not exist\n',
      );
    } finally {
      await bucket.stop();
    }
  });
});

describe('the cli.ts entry point', () => {
  const exec = promisify(execFile);
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  const entry = fileURLToPath(new URL('../cli.ts', import.meta.url));

  it('exits 0 on the fixture and 1 on a broken bundle, resolving folders against INIT_CWD', async () => {
    const ok = await exec(process.execPath, [tsxCli, entry, 'validate', MINI_COURSE_DIR]);
    expect(ok.stdout).toContain('OK: version');
    await mkdir(join(work.path, 'elsewhere'), { recursive: true });
    const failed = await exec(process.execPath, [tsxCli, entry, 'validate', 'mini-course'], {
      cwd: join(work.path, 'elsewhere'),
      env: { ...process.env, INIT_CWD: work.path },
    }).catch((error: { code: number; stdout: string }) => error);
    expect('code' in failed ? failed.code : 0).toBe(1);
    expect(failed.stdout).toContain('chapters/basics/welcome.md:5 frontmatter.minutes: expected a number, got the text "eight"');
  });
});
