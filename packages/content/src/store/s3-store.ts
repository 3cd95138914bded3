import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { isSlug, SHA256_PATTERN } from '../format/common.ts';
import { sha256Hex } from '../load/version.ts';
import { parseRelease, renderRelease } from './release-file.ts';
import { ContentIntegrityError, type ContentStore, type PublishTarget, type Release, type ReleaseFile } from './types.ts';

export interface S3ContentStoreOptions {
  /** S3-compatible endpoint, e.g. https://<account>.r2.cloudflarestorage.com; omit for AWS. */
  endpoint?: string;
  bucket: string;
  /** `auto` for Cloudflare R2. */
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Key prefix; a `/` is added when missing (`cc` -> `cc/blobs/...`). */
  prefix: string;
}

/** An S3 request that failed, with a message fit for a log line or a terminal (no stack needed). */
export class S3StoreError extends Error {
  override readonly name = 'S3StoreError';
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function isNotFound(error: unknown): boolean {
  if (error instanceof S3ServiceException) {
    return error.name === 'NoSuchKey' || error.name === 'NotFound' || (error.$metadata.httpStatusCode === 404 && error.name !== 'NoSuchBucket');
  }
  return false;
}

function describeError(error: unknown): { message: string; status?: number } {
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode;
    const detail = error.message && error.message !== error.name && error.message !== 'UnknownError' ? `: ${error.message}` : '';
    return { message: `${error.name}${status ? ` (HTTP ${status})` : ''}${detail}`, ...(status !== undefined && { status }) };
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { message: typeof code === 'string' ? `${code}: ${error.message}` : error.message };
  }
  return { message: String(error) };
}

async function bodyBytes(body: { transformToByteArray(): Promise<Uint8Array> } | undefined): Promise<Uint8Array> {
  return body === undefined ? new Uint8Array() : body.transformToByteArray();
}

/**
 * Courses in an S3-compatible bucket (Cloudflare R2, MinIO, AWS): `<prefix>blobs/<sha256>` holds
 * every file by content hash and `<prefix>courses/<id>/release.json` names a release's files.
 */
export class S3ContentStore implements ContentStore, PublishTarget {
  readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  private readonly endpoint: string | undefined;

  constructor(options: S3ContentStoreOptions, client?: S3Client) {
    this.bucket = options.bucket;
    this.prefix = options.prefix === '' || options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`;
    this.endpoint = options.endpoint;
    const config: S3ClientConfig = {
      region: options.region,
      forcePathStyle: true,
      // Without these the SDK streams uploads with trailing checksums, which some S3-compatible
      // servers (s3rver) store corrupted.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    if (options.endpoint !== undefined) config.endpoint = options.endpoint;
    if (options.accessKeyId !== undefined && options.secretAccessKey !== undefined) {
      config.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
    }
    this.client = client ?? new S3Client(config);
  }

  describe(): string {
    return `bucket s3://${this.bucket}/${this.prefix}${this.endpoint ? ` at ${this.endpoint}` : ''}`;
  }

  private async send<T>(operation: string, key: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ContentIntegrityError) throw error;
      const { message, status } = describeError(error);
      throw new S3StoreError(`S3 ${operation} s3://${this.bucket}/${key} failed: ${message}`, status, { cause: error });
    }
  }

  private releaseKey(courseId: string): string {
    return `${this.prefix}courses/${courseId}/release.json`;
  }

  blobKey(sha256: string): string {
    return `${this.prefix}blobs/${sha256}`;
  }

  private async listAll(prefix: string, delimiter?: string): Promise<{ keys: string[]; prefixes: string[] }> {
    const keys: string[] = [];
    const prefixes: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.send('ListObjectsV2', prefix, () =>
        this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token, ...(delimiter && { Delimiter: delimiter }) }),
        ),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      for (const common of page.CommonPrefixes ?? []) if (common.Prefix) prefixes.push(common.Prefix);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return { keys, prefixes };
  }

  async listCourseIds(): Promise<string[]> {
    const base = `${this.prefix}courses/`;
    const { prefixes } = await this.listAll(base, '/');
    return prefixes
      .map((prefix) => prefix.slice(base.length).replace(/\/$/, ''))
      .filter(isSlug)
      .sort();
  }

  async getRelease(courseId: string): Promise<Release | undefined> {
    if (!isSlug(courseId)) return undefined;
    const key = this.releaseKey(courseId);
    const text = await this.send('GetObject', key, async () => {
      try {
        const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
        return new TextDecoder().decode(await bodyBytes(response.Body));
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    });
    return text === undefined ? undefined : parseRelease(text, courseId);
  }

  async readFile(courseId: string, file: ReleaseFile): Promise<Uint8Array> {
    if (!SHA256_PATTERN.test(file.sha256)) throw new ContentIntegrityError(`invalid blob hash for ${courseId}/${file.path}`);
    const key = this.blobKey(file.sha256);
    const bytes = await this.send('GetObject', key, async () => {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return bodyBytes(response.Body);
    });
    if (bytes.byteLength !== file.size || sha256Hex(bytes) !== file.sha256) {
      throw new ContentIntegrityError(`blob ${file.sha256} (${courseId}/${file.path}) is corrupted: its bytes do not match its hash`);
    }
    return bytes;
  }

  async existingBlobs(sha256s: readonly string[]): Promise<Set<string>> {
    const wanted = new Set(sha256s);
    const base = `${this.prefix}blobs/`;
    const { keys } = await this.listAll(base);
    return new Set(keys.map((key) => key.slice(base.length)).filter((sha) => wanted.has(sha)));
  }

  async putBlob(sha256: string, bytes: Uint8Array): Promise<void> {
    const key = this.blobKey(sha256);
    await this.send('PutObject', key, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: 'application/octet-stream',
          CacheControl: 'public, max-age=31536000, immutable',
        }),
      ),
    );
  }

  async putRelease(release: Release): Promise<void> {
    const key = this.releaseKey(release.courseId);
    await this.send('PutObject', key, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: renderRelease(release),
          ContentType: 'application/json',
          CacheControl: 'no-cache',
        }),
      ),
    );
  }
}
