import S3rver from 's3rver';
import { tempDir } from './fixtures.ts';

export interface TestBucket {
  endpoint: string;
  bucket: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** A real s3rver on 127.0.0.1 (random port) storing into a fresh temp folder. */
export async function startS3rver(bucket = 'courses'): Promise<TestBucket> {
  const dir = await tempDir('s3rver');
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory: dir.path, silent: true, configureBuckets: [{ name: bucket }] });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  let stopped = false;
  return {
    endpoint,
    bucket,
    env: {
      CONTENT_S3_BUCKET: bucket,
      CONTENT_S3_ENDPOINT: endpoint,
      CONTENT_S3_REGION: 'us-east-1',
      CONTENT_S3_ACCESS_KEY_ID: 'S3RVER',
      CONTENT_S3_SECRET_ACCESS_KEY: 'S3RVER',
      CONTENT_S3_PREFIX: 'cc/',
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await dir.remove();
    },
  };
}
