import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { parseBundle } from '../load/parse-bundle.ts';
import { s3OptionsFromEnv, type ContentEnv } from '../store/from-env.ts';
import { readBundleDir } from '../store/fs-walk.ts';
import { BundleInvalidError, pushBundle, type PushProgress } from '../store/push.ts';
import { S3ContentStore } from '../store/s3-store.ts';
import { formatBytes, renderProblems, renderStats } from './report.ts';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: ContentEnv;
  /** Relative folders are resolved against this. */
  cwd: string;
}

export const USAGE = `Usage: pnpm courses <command> <dir> [options]

Commands:
  validate <dir>   Check a course bundle and print every problem (file:line field: message)
  push <dir>       Validate, then publish the bundle to the bucket named by CONTENT_S3_*

Options:
  --strict         validate: warnings fail too
  --dry-run        push: compare with the bucket and report, but upload nothing
  -h, --help       Show this help

Environment for push:
  CONTENT_S3_BUCKET (required), CONTENT_S3_ENDPOINT (e.g. https://<account-id>.r2.cloudflarestorage.com),
  CONTENT_S3_ACCESS_KEY_ID, CONTENT_S3_SECRET_ACCESS_KEY, CONTENT_S3_REGION (default auto),
  CONTENT_S3_PREFIX (default '')

Exit status: 0 valid/pushed, 1 problems or failures, 2 usage errors.
`;

class UsageError extends Error {}

async function bundleDir(io: CliIo, dir: string | undefined): Promise<string> {
  if (dir === undefined) throw new UsageError('missing <dir>: the course bundle folder, e.g. courses/genai-fundamentals');
  const absolute = resolve(io.cwd, dir);
  const info = await stat(absolute).catch(() => undefined);
  if (info === undefined) throw new CliFailure(`no such folder: ${dir}`);
  if (!info.isDirectory()) throw new CliFailure(`not a folder: ${dir}`);
  return absolute;
}

class CliFailure extends Error {}

async function validate(io: CliIo, dir: string, strict: boolean): Promise<number> {
  const files = await readBundleDir(dir);
  const courseId = basename(dir);
  const result = parseBundle(files, { courseId });
  const out = (text: string) => io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  if (result.problems.length > 0) out(renderProblems(result.problems));
  out(renderStats(courseId, result.stats));
  const failed = result.stats.errors > 0 || (strict && result.stats.warnings > 0);
  out(failed ? (result.stats.errors > 0 ? 'FAILED: the bundle has errors' : 'FAILED: warnings fail in --strict mode') : `OK: version ${result.version}`);
  return failed ? 1 : 0;
}

function progressReporter(io: CliIo, dryRun: boolean): { update(progress: PushProgress): void; stop(): void } {
  const verb = dryRun ? 'would upload' : 'uploaded';
  if (io.stdout.isTTY === true) {
    const bar = new cliProgress.SingleBar(
      { stream: io.stdout, format: `${dryRun ? 'checking' : 'uploading'} [{bar}] {value}/{total} blobs {size}`, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(progress) {
        if (!started) {
          bar.start(progress.total, 0, { size: '' });
          started = true;
        }
        bar.update(progress.done, { size: `${formatBytes(progress.bytesDone)} / ${formatBytes(progress.bytesTotal)}` });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  return {
    update(progress) {
      if (progress.path === undefined) {
        io.stdout.write(`${progress.total} blob${progress.total === 1 ? '' : 's'} to upload (${formatBytes(progress.bytesTotal)})\n`);
      } else {
        io.stdout.write(`  [${progress.done}/${progress.total}] ${verb} ${progress.path}\n`);
      }
    },
    stop() {},
  };
}

async function push(io: CliIo, dir: string, dryRun: boolean): Promise<number> {
  const options = s3OptionsFromEnv(io.env);
  if (options === undefined) {
    throw new CliFailure('no bucket configured: set CONTENT_S3_BUCKET (and CONTENT_S3_ENDPOINT and the access keys for R2); see --help');
  }
  const store = new S3ContentStore(options);
  io.stdout.write(`${dryRun ? 'Dry run: checking' : 'Pushing'} ${dir} to ${store.describe()}\n`);
  const progress = progressReporter(io, dryRun);
  try {
    const result = await pushBundle(dir, store, { dryRun, onProgress: (update) => progress.update(update) });
    progress.stop();
    if (result.warnings.length > 0) io.stdout.write(renderProblems(result.warnings));
    const verb = dryRun ? 'would upload' : 'uploaded';
    io.stdout.write(`${verb} ${result.uploaded}, skipped ${result.skipped} (already in the bucket), ${formatBytes(result.bytes)}\n`);
    io.stdout.write(`version ${result.version}\n`);
    io.stdout.write(
      result.released
        ? `${dryRun ? 'would write' : 'wrote'} courses/${result.courseId}/release.json\n`
        : `release.json already serves this version; left unchanged\n`,
    );
    return 0;
  } catch (error) {
    progress.stop();
    if (error instanceof BundleInvalidError) {
      io.stdout.write(renderProblems(error.problems));
    }
    throw error;
  }
}

/** Runs the CLI; returns the exit status. Never throws: failures are printed without stack traces. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        strict: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, dir, ...rest] = positionals;
    if (values.help || command === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
    if (command === 'validate') return await validate(io, await bundleDir(io, dir), values.strict);
    if (command === 'push') return await push(io, await bundleDir(io, dir), values['dry-run']);
    throw new UsageError(command === undefined ? 'missing command' : `unknown command: ${command}`);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`error: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}


