import { resolve } from 'node:path';
import { z } from 'zod';
import { FsContentStore } from './fs-store.ts';
import { S3ContentStore, type S3ContentStoreOptions } from './s3-store.ts';
import type { ContentStore } from './types.ts';

export class ContentConfigError extends Error {
  override readonly name = 'ContentConfigError';
}

export type ContentEnv = Record<string, string | undefined>;

// Empty variables (`FOO=` in an env file) count as unset.
const optional = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

const envSchema = z
  .object({
    CONTENT_S3_BUCKET: optional,
    CONTENT_S3_ENDPOINT: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://<account-id>.r2.cloudflarestorage.com' }).optional(),
    ),
    CONTENT_S3_REGION: optional,
    CONTENT_S3_ACCESS_KEY_ID: optional,
    CONTENT_S3_SECRET_ACCESS_KEY: optional,
    CONTENT_S3_PREFIX: optional,
    CONTENT_DIR: optional,
  })
  .refine((env) => (env.CONTENT_S3_ACCESS_KEY_ID === undefined) === (env.CONTENT_S3_SECRET_ACCESS_KEY === undefined), {
    message: 'set both CONTENT_S3_ACCESS_KEY_ID and CONTENT_S3_SECRET_ACCESS_KEY, or neither (to use the default AWS credential chain)',
    path: ['CONTENT_S3_ACCESS_KEY_ID'],
  })
  .refine((env) => env.CONTENT_S3_BUCKET === undefined || /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(env.CONTENT_S3_BUCKET), {
    message: 'expected a bucket name (3-63 lowercase letters, digits, dots and hyphens)',
    path: ['CONTENT_S3_BUCKET'],
  });

function parseEnv(env: ContentEnv): z.output<typeof envSchema> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ContentConfigError(`invalid content store configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

/** S3 options from `CONTENT_S3_*`, or undefined when CONTENT_S3_BUCKET is not set. Throws ContentConfigError. */
export function s3OptionsFromEnv(env: ContentEnv): S3ContentStoreOptions | undefined {
  const parsed = parseEnv(env);
  if (parsed.CONTENT_S3_BUCKET === undefined) return undefined;
  const options: S3ContentStoreOptions = {
    bucket: parsed.CONTENT_S3_BUCKET,
    region: parsed.CONTENT_S3_REGION ?? 'auto',
    prefix: parsed.CONTENT_S3_PREFIX ?? '',
  };
  if (parsed.CONTENT_S3_ENDPOINT !== undefined) options.endpoint = parsed.CONTENT_S3_ENDPOINT;
  if (parsed.CONTENT_S3_ACCESS_KEY_ID !== undefined && parsed.CONTENT_S3_SECRET_ACCESS_KEY !== undefined) {
    options.accessKeyId = parsed.CONTENT_S3_ACCESS_KEY_ID;
    options.secretAccessKey = parsed.CONTENT_S3_SECRET_ACCESS_KEY;
  }
  return options;
}

/**
 * The store the environment names: a bucket when CONTENT_S3_BUCKET is set (CONTENT_S3_ENDPOINT,
 * CONTENT_S3_REGION default `auto`, CONTENT_S3_ACCESS_KEY_ID / CONTENT_S3_SECRET_ACCESS_KEY,
 * CONTENT_S3_PREFIX default ''), else the folder CONTENT_DIR or `defaults.coursesDir`.
 */
export function contentStoreFromEnv(env: ContentEnv, defaults: { coursesDir: string }): ContentStore {
  const s3 = s3OptionsFromEnv(env);
  if (s3 !== undefined) return new S3ContentStore(s3);
  return new FsContentStore(resolve(parseEnv(env).CONTENT_DIR ?? defaults.coursesDir));
}
