import { releaseSchema } from '../format/release.ts';
import { bundleVersion } from '../load/version.ts';
import { ContentIntegrityError, type Release } from './types.ts';

/** Parses and checks a release.json: shape, course id, unique paths, and version = hash of the file list. */
export function parseRelease(text: string, courseId: string): Release {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ContentIntegrityError(`release.json of ${courseId} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = releaseSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ContentIntegrityError(`release.json of ${courseId} is invalid: ${first.join('; ')}`);
  }
  const release = parsed.data;
  if (release.courseId !== courseId) {
    throw new ContentIntegrityError(`release.json under ${courseId} is for course ${release.courseId}`);
  }
  if (new Set(release.files.map((file) => file.path)).size !== release.files.length) {
    throw new ContentIntegrityError(`release.json of ${courseId} lists a path twice`);
  }
  if (bundleVersion(release.files) !== release.version) {
    throw new ContentIntegrityError(`release.json of ${courseId} has a version that does not match its file list`);
  }
  const result: Release = { format: 1, courseId: release.courseId, version: release.version, files: release.files };
  if (release.publishedAt !== undefined) result.publishedAt = release.publishedAt;
  return result;
}

export function renderRelease(release: Release): string {
  return `${JSON.stringify(release, null, 2)}\n`;
}
