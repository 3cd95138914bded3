import { z } from 'zod';
import { sha256Schema, slugSchema } from './common.ts';

/** A relative POSIX path inside a bundle: no leading slash, no `.`/`..` segments, no backslashes. */
export const bundlePathSchema = z
  .string()
  .min(1)
  .max(1024)
  .refine(isSafeBundlePath, { message: 'expected a relative path inside the bundle' });

export function isSafeBundlePath(path: string): boolean {
  if (path.length === 0 || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

export const releaseFileSchema = z.strictObject({
  path: bundlePathSchema,
  sha256: sha256Schema,
  size: z.number().int().nonnegative(),
});

export const releaseSchema = z
  .strictObject({
    format: z.literal(1),
    courseId: slugSchema,
    version: sha256Schema.describe('SHA-256 of the sorted `path:sha256` lines of the files'),
    publishedAt: z.iso.datetime({ offset: true }).optional(),
    files: z.array(releaseFileSchema),
  })
  .describe('<prefix>courses/<course-id>/release.json in a bucket');

export type ReleaseFileJson = z.output<typeof releaseFileSchema>;
export type ReleaseJson = z.output<typeof releaseSchema>;
