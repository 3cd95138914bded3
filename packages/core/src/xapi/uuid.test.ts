import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha1, uuidV5 } from './uuid.ts';

const NAMESPACE_DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const NAMESPACE_URL = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

describe('sha1', () => {
  it('matches the FIPS 180 test vectors', () => {
    const hex = (s: string) => Buffer.from(sha1(new TextEncoder().encode(s))).toString('hex');
    expect(hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
  });

  it('agrees with node:crypto on any input, across block boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(Buffer.from(sha1(bytes)).toString('hex')).toBe(createHash('sha1').update(bytes).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('uuidV5', () => {
  it('gives the RFC 4122 name-based ids other libraries give', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org') and uuid.uuid5(uuid.NAMESPACE_URL, 'https://example.com/é')
    expect(uuidV5(NAMESPACE_DNS, 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(uuidV5(NAMESPACE_URL, 'https://example.com/é')).toBe('20ecd233-a9e7-5067-a96f-fd6600ca3fda');
  });

  it('is version 5 with the RFC 4122 variant, and differs across names and namespaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const id = uuidV5(NAMESPACE_DNS, a);
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(uuidV5(NAMESPACE_DNS, a)).toBe(id);
        if (a !== b) expect(uuidV5(NAMESPACE_DNS, b)).not.toBe(id);
        expect(uuidV5(NAMESPACE_URL, a)).not.toBe(id);
      }),
    );
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('nope', 'x')).toThrow(TypeError);
  });
});
