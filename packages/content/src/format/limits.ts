// Size limits of a course bundle (docs/course-bundle.md, "Size limits"). A step is served verbatim and
// indexed for search, so one oversized file slows search for every course; the validator refuses it.
import type { BundleFileKind } from '../load/bundle-files.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

export const BUNDLE_LIMITS = {
  /** Bytes per file, by kind. */
  fileBytes: {
    manifest: 256 * KiB,
    step: 256 * KiB,
    quiz: 256 * KiB,
    glossary: 1 * MiB,
    catalogue: 1 * MiB,
    achievements: 256 * KiB,
    asset: 5 * MiB,
    other: 5 * MiB,
  } satisfies Record<BundleFileKind, number>,
  /** Bytes of all files together. */
  bundleBytes: 50 * MiB,
  /** Number of files. */
  files: 2000,
} as const;

export function formatLimit(bytes: number): string {
  return bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`;
}
