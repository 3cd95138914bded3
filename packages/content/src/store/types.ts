export interface ReleaseFile {
  path: string;
  sha256: string;
  size: number;
}

/** One published version of a course: its file list. `version` = bundleVersion(files). */
export interface Release {
  format: 1;
  courseId: string;
  version: string;
  publishedAt?: string;
  files: ReleaseFile[];
}

/** Where course bundles are read from (a folder, or a bucket). */
export interface ContentStore {
  /** Ids of the courses the store holds, sorted. */
  listCourseIds(): Promise<string[]>;
  /** The current release of a course, or undefined when there is none. */
  getRelease(courseId: string): Promise<Release | undefined>;
  /** A file of a release; throws when its bytes do not match `file.sha256`. */
  readFile(courseId: string, file: ReleaseFile): Promise<Uint8Array>;
  /** Where the store reads from, for logs (no secrets). */
  describe(): string;
}

/** A store `pushBundle` can publish to: content-addressed blobs plus a release written last. */
export interface PublishTarget {
  /** Which of these blob hashes the store already has. */
  existingBlobs(sha256s: readonly string[]): Promise<Set<string>>;
  putBlob(sha256: string, bytes: Uint8Array): Promise<void>;
  getRelease(courseId: string): Promise<Release | undefined>;
  putRelease(release: Release): Promise<void>;
  describe(): string;
}

export class ContentIntegrityError extends Error {
  override readonly name = 'ContentIntegrityError';
}
