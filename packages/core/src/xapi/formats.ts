// The string formats xAPI 1.0.3 requires (Data, 4.2-4.6 and 2.4.2.3), as predicates and zod
// schemas. Best-effort validation, as the spec allows (Data 2.2.s4.b6), but never looser than it.
import { z } from 'zod';

// RFC 3987: ucschar (allowed anywhere) and iprivate (allowed in the query only).
const planes = Array.from({ length: 13 }, (_, i) => `\\u{${(i + 1).toString(16)}0000}-\\u{${(i + 1).toString(16)}FFFD}`);
const UCSCHAR = `\\u{A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}${planes.join('')}\\u{E1000}-\\u{EFFFD}`;
const IPRIVATE = '\\u{E000}-\\u{F8FF}\\u{F0000}-\\u{FFFFD}\\u{100000}-\\u{10FFFD}';
const PCT = '%[0-9A-Fa-f]{2}';
const PCHAR = `[A-Za-z0-9\\-._~!$&'()*+,;=:@${UCSCHAR}]|${PCT}`;
const IRI = new RegExp(
  `^[A-Za-z][A-Za-z0-9+\\-.]*:(?:${PCHAR}|[/\\[\\]])*` +
    `(?:\\?(?:${PCHAR}|[/?${IPRIVATE}])*)?` +
    `(?:#(?:${PCHAR}|[/?])*)?$`,
  'u',
);

/** An absolute IRI (RFC 3987): a scheme, no spaces or forbidden characters, well-formed %-escapes. */
export const isIri = (value: string): boolean => {
  if (!IRI.test(value)) return false;
  // http(s) IRIs need an authority with a host.
  return !/^https?:/i.test(value) || /^https?:\/\/(?:[^/?#@]*@)?(?:\[[^\]]+\]|[^/?#@:[\]]+)(?::\d*)?(?:[/?#]|$)/i.test(value);
};

/** A resolvable IRI: http or https with a host (the only locators in use for xAPI). */
export const isIrl = (value: string): boolean => /^https?:\/\//i.test(value) && isIri(value);

/** A URI: an IRI restricted to ASCII. */
export const isUri = (value: string): boolean => /^[\x21-\x7e]*$/.test(value) && isIri(value);

const GRANDFATHERED = [
  'en-GB-oed', 'i-ami', 'i-bnn', 'i-default', 'i-enochian', 'i-hak', 'i-klingon', 'i-lux', 'i-mingo', 'i-navajo',
  'i-pwn', 'i-tao', 'i-tay', 'i-tsu', 'sgn-BE-FR', 'sgn-BE-NL', 'sgn-CH-DE', 'art-lojban', 'cel-gaulish', 'no-bok',
  'no-nyn', 'zh-guoyu', 'zh-hakka', 'zh-min', 'zh-min-nan', 'zh-xiang',
].map((tag) => tag.toLowerCase());
const LANGTAG = new RegExp(
  '^(?:' +
    '(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})' + // language, extlang
    '(?:-[a-z]{4})?' + // script
    '(?:-(?:[a-z]{2}|\\d{3}))?' + // region
    '(?:-(?:[a-z0-9]{5,8}|\\d[a-z0-9]{3}))*' + // variants
    '(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*' + // extensions
    '(?:-x(?:-[a-z0-9]{1,8})+)?' + // private use
    '|x(?:-[a-z0-9]{1,8})+)$',
  'i',
);

/** An RFC 5646 language tag (well-formed; registry membership is not checked). */
export const isLanguageTag = (value: string): boolean =>
  LANGTAG.test(value) || GRANDFATHERED.includes(value.toLowerCase());

/** A UUID in standard string form (8-4-4-4-12 hex digits). */
export const isUuid = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number): number =>
  month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/**
 * An ISO 8601 date-time in the RFC 3339 profile the spec recommends, with its time zone (Data 4.5).
 * `-00:00` (RFC 3339's "unknown offset") is not ISO 8601 and is refused.
 */
export const isTimestamp = (value: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|([+-])(\d{2}):(\d{2}))$/.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const [sign, offsetHours, offsetMinutes] = [m[7], Number(m[8] ?? 0), Number(m[9] ?? 0)];
  if (sign === '-' && offsetHours === 0 && offsetMinutes === 0) return false;
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) &&
    hour <= 23 && minute <= 59 && second <= 60 && offsetHours <= 23 && offsetMinutes <= 59
  );
};

/**
 * An ISO 8601:2004 duration with designators (4.4.3.2; the alternative format is forbidden, Data 4.6):
 * `PnYnMnDTnHnMnS` or `PnW`, a decimal fraction only on the lowest-order component.
 */
export const isDuration = (value: string): boolean => {
  const n = '\\d+(?:[.,]\\d+)?';
  const shape = new RegExp(`^P(?:${n}W|(?:${n}Y)?(?:${n}M)?(?:${n}D)?(?:T(?:${n}H)?(?:${n}M)?(?:${n}S)?)?)$`);
  return shape.test(value) && /\d/.test(value) && !value.endsWith('T') && !/[.,]\d+[A-Z].*\d/.test(value);
};

/** `mailto:` and an e-mail address (Data 2.4.2.3). */
export const isMailtoIri = (value: string): boolean => /^mailto:[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/.test(value);

const formatted = (check: (value: string) => boolean, message: string) => z.string().refine(check, message);

export const Iri = formatted(isIri, 'must be an absolute IRI (RFC 3987)');
export const Irl = formatted(isIrl, 'must be an absolute http(s) IRL');
export const Uri = formatted(isUri, 'must be an absolute URI');
export const LanguageTag = formatted(isLanguageTag, 'must be an RFC 5646 language tag');
export const Uuid = formatted(isUuid, 'must be a UUID in standard string form');
export const Timestamp = formatted(isTimestamp, 'must be an ISO 8601 date-time with a time zone');
export const Duration = formatted(isDuration, 'must be an ISO 8601 duration such as PT1H30M or PT12.5S');
export const MailtoIri = formatted(isMailtoIri, 'must be mailto: followed by an e-mail address');
export const Sha1Hex = formatted((value) => /^[0-9a-f]{40}$/i.test(value), 'must be a hex-encoded SHA-1 hash');
