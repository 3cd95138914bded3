import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentConfigError, contentStoreFromEnv, s3OptionsFromEnv } from './from-env.ts';
import { FsContentStore } from './fs-store.ts';
import { S3ContentStore } from './s3-store.ts';

describe('contentStoreFromEnv', () => {
  it('uses CONTENT_DIR, else the default folder, when no bucket is set', () => {
    const fromDir = contentStoreFromEnv({ CONTENT_DIR: '/srv/courses' }, { coursesDir: '/app/courses' });
    expect(fromDir).toBeInstanceOf(FsContentStore);
    expect(fromDir.describe()).toBe('folder /srv/courses');
    expect(contentStoreFromEnv({ CONTENT_S3_BUCKET: '' }, { coursesDir: 'courses' }).describe()).toBe(`folder ${resolve('courses')}`);
  });

  it('builds R2-style options with defaults: region auto, empty prefix', () => {
    expect(s3OptionsFromEnv({ CONTENT_S3_BUCKET: 'course-bundles' })).toEqual({ bucket: 'course-bundles', region: 'auto', prefix: '' });
    expect(
      s3OptionsFromEnv({
        CONTENT_S3_BUCKET: 'course-bundles',
        CONTENT_S3_ENDPOINT: 'https://account.r2.cloudflarestorage.com',
        CONTENT_S3_ACCESS_KEY_ID: 'id',
        CONTENT_S3_SECRET_ACCESS_KEY: 'secret',
        CONTENT_S3_PREFIX: 'prod',
      }),
    ).toEqual({
      bucket: 'course-bundles',
      endpoint: 'https://account.r2.cloudflarestorage.com',
      region: 'auto',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      prefix: 'prod',
    });
    const store = contentStoreFromEnv({ CONTENT_S3_BUCKET: 'course-bundles', CONTENT_S3_PREFIX: 'prod' }, { coursesDir: 'courses' });
    expect(store).toBeInstanceOf(S3ContentStore);
    // a missing trailing slash is added: keys are prod/blobs/... and prod/courses/...
    expect(store.describe()).toBe('bucket s3://course-bundles/prod/');
  });

  it('rejects half-configured credentials and bad endpoints with a readable message', () => {
    expect(() => s3OptionsFromEnv({ CONTENT_S3_BUCKET: 'course-bundles', CONTENT_S3_SECRET_ACCESS_KEY: 'secret' })).toThrow(ContentConfigError);
    expect(() => s3OptionsFromEnv({ CONTENT_S3_BUCKET: 'course-bundles', CONTENT_S3_ENDPOINT: 'ftp://x' })).toThrow(
      /CONTENT_S3_ENDPOINT: expected an http\(s\) URL/,
    );
  });
});
