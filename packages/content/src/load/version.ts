import { createHash } from 'node:crypto';

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A bundle's version: SHA-256 (hex) of its `path:sha256` lines (sorted as strings, UTF-16 code
 * unit order), each line ending with `\n`.
 */
export function bundleVersion(files: readonly { path: string; sha256: string }[]): string {
  const lines = files.map((file) => `${file.path}:${file.sha256}\n`).sort();
  return sha256Hex(lines.join(''));
}
