import { describe, expect, it } from 'vitest';
import { isDuration, isIri, isIrl, isLanguageTag, isMailtoIri, isTimestamp, isUri, isUuid } from './formats.ts';

const cases = (check: (value: string) => boolean, valid: string[], invalid: string[]) => {
  it.each(valid)('accepts %j', (value) => expect(check(value)).toBe(true));
  it.each(invalid)('refuses %j', (value) => expect(check(value)).toBe(false));
};

describe('IRIs (RFC 3987, Data 4.3)', () => {
  cases(
    isIri,
    [
      'http://adlnet.gov/expapi/verbs/answered',
      'http://example.com/xapi/verbs#defenestrated',
      'http://example.com/فعل/خواندن', // the spec's own non-ASCII verb example
      'https://w3id.org/xapi/cmi5/result/extensions/progress',
      'https://example.com/a%20b?q=1&r=é#frag',
      'urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0',
      'http://[::1]:8080/x',
      'tag:example.com,2024:courses/x',
    ],
    [
      '',
      'example.com/activity', // no scheme
      '/xapi/activities/x', // relative
      '#fragment',
      'http://example.com/a b', // space
      'http://example.com/<x>',
      'http://example.com/%zz', // bad escape
      'http://example.com/a#b#c',
      'http://', // no host
      'https:///path',
      '1http://example.com',
      'http://example.com/\u0007',
    ],
  );
});

describe('IRLs and URIs', () => {
  cases(isIrl, ['http://www.example.com', 'https://coursecompanion.example/'], ['ftp-ish', 'mailto:a@b.c', 'urn:x:y', 'http//x']);
  cases(isUri, ['http://toby.openid.example.org/', 'https://id.example/x?y=1'], ['http://é.example/', 'not a uri']);
});

describe('language tags (RFC 5646, Data 4.2)', () => {
  cases(
    isLanguageTag,
    ['en', 'en-US', 'en-GB', 'es-MX', 'tlh', 'zh-Hant-TW', 'sr-Latn-RS', 'de-CH-1996', 'es-419', 'zh-yue-HK', 'en-a-bbb-x-a-ccc', 'x-private', 'i-klingon', 'en-GB-oed', 'EN-us'],
    ['', 'e', 'englishes', 'en_US', 'en-', 'en--US', '-en', 'en-US-', 'en-x', 'a-DE', 'en-a', '123'],
  );
});

describe('UUIDs (Data 4.4)', () => {
  cases(
    isUuid,
    ['fd41c918-b88b-4b20-a0a5-a4c32391aaa0', 'FD41C918-B88B-4B20-A0A5-A4C32391AAA0', '12345678-1234-5678-1234-567812345678'],
    ['', 'fd41c918b88b4b20a0a5a4c32391aaa0', '{fd41c918-b88b-4b20-a0a5-a4c32391aaa0}', 'urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0', 'fd41c918-b88b-4b20-a0a5-a4c32391aaag', 'fd41c918-b88b-4b20-a0a5-a4c32391aaa'],
  );
});

describe('timestamps (ISO 8601 / RFC 3339, Data 4.5)', () => {
  cases(
    isTimestamp,
    ['2015-11-18T12:17:00+00:00', '2013-05-18T05:32:34.804+00:00', '2013-04-01T12:00:00Z', '2024-02-29T23:59:59.999999Z', '2024-06-01T10:00:00-05:30'],
    ['', '2015-11-18', '2015-11-18T12:17:00', '2015-11-18 12:17:00Z', '2015-11-18T12:17:00-00:00', '2023-02-29T00:00:00Z', '2015-13-01T00:00:00Z', '2015-11-18T24:00:00Z', '2015-11-18T12:60:00Z', '2015-11-18t12:17:00z', '2015-11-18T12:17:00+0100'],
  );
});

describe('durations (ISO 8601:2004 4.4.3.2, Data 4.6)', () => {
  cases(
    isDuration,
    ['PT4H35M59.14S', 'P3Y1M29DT4H35M59.14S', 'P3Y', 'P4W', 'PT1234S', 'PT1H0M0S', 'P1D', 'PT0.5S', 'PT1,5S', 'P0D'],
    // P16559.14S appears in the spec's example table, but seconds need the T designator in ISO 8601.
    ['', 'P', 'PT', 'P1DT', 'P4W1D', 'PT1.5M30S', 'P16559.14S', '1H', 'pt1h', 'PT-1S', 'P1Y2D3M', '01:00:00', 'PT1H ', 'P1.5Y2M'],
  );
});

describe('mailto IRIs (Data 2.4.2.3)', () => {
  cases(isMailtoIri, ['mailto:xapi@adlnet.gov', 'mailto:example.learner@adlnet.gov'], ['xapi@adlnet.gov', 'mailto:', 'mailto:nobody', 'MAILTO:a@b.c', 'mailto:a b@c.d']);
});
