// Calendar days (YYYY-MM-DD) in a learner's time zone. Day arithmetic works on the calendar date
// itself (via UTC midnights, which have no DST), never on 24-hour spans of local time.

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone; nothing is cached then.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar date (YYYY-MM-DD) of `instant` in the IANA `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('localDay: invalid date');
  let year = '';
  let month = '';
  let day = '';
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year.padStart(4, '0')}-${month}-${day}`;
}

/** Milliseconds of the UTC midnight of a YYYY-MM-DD day; throws on anything but a real date. */
function dayToUtc(day: string): number {
  const m = DAY_RE.exec(day);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
    const back = new Date(0);
    back.setUTCFullYear(y, mo - 1, d);
    // Out-of-range parts (02-30, month 13) roll over, so they fail this check.
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return back.getTime();
  }
  throw new RangeError(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
}

function utcToDay(t: number): string {
  const d = new Date(t);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${dd}`;
}

export function isCalendarDay(day: string): boolean {
  try {
    dayToUtc(day);
    return true;
  } catch {
    return false;
  }
}

/** The calendar day `n` days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return utcToDay(dayToUtc(day) + n * MS_PER_DAY);
}

/** Calendar days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dayToUtc(b) - dayToUtc(a)) / MS_PER_DAY);
}
