/**
 * Small value readers shared by the format parsers. All are total: bad input
 * gives undefined/0, never throws, because one odd attribute must not reject
 * a whole report.
 */

/**
 * Seconds as written by test runners → milliseconds. Accepts "1.5", "1,234.5"
 * (grouping commas, Surefire in English locales), "0,5" (decimal comma,
 * runners in e.g. German locales), a trailing "s", and "12ms".
 */
export function secondsToMs(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const trimmed = raw.trim();
  // A few writers put milliseconds with a unit ("12ms"); the attribute is seconds otherwise.
  const ms = /^([\d.]+)\s*ms$/i.exec(trimmed);
  if (ms) return Number(ms[1]) || 0;
  let s = trimmed.replace(/\s*s(ec)?$/i, '');
  if (s === '') return 0;
  const hasComma = s.includes(',');
  if (hasComma && s.includes('.')) {
    // Whichever separator comes last is the decimal point.
    s = s.lastIndexOf(',') > s.lastIndexOf('.') ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (hasComma) {
    const grouping = /^-?[1-9]\d{0,2}(,\d{3})+$/.test(s);
    s = grouping ? s.replace(/,/g, '') : s.replace(',', '.');
  }
  const n = Number(s);
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1000 * 1000) / 1000 : 0;
}

/**
 * Timestamps as runners write them. Zone-less values ("2021-03-07T10:36:56",
 * Surefire/pytest) are read as UTC so the result does not depend on the
 * server's TZ; "2021-03-07T10:36:56 UTC" and "2021-06-28 20:23:41Z" also work.
 */
export function parseTimestamp(raw: string | undefined): Date | undefined {
  if (!raw) return undefined;
  let s = raw.trim().replace(/\s+(UTC|GMT)$/i, 'Z');
  if (/^\d{4}-\d\d-\d\d \d/.test(s)) s = s.replace(' ', 'T');
  if (/^\d{4}-\d\d-\d\dT[\d:.]+$/.test(s)) s += 'Z';
  const d = new Date(s);
  const t = d.getTime();
  // Epoch 0 is what jest-junit writes when it has no time: not a real start.
  return Number.isFinite(t) && t > 0 ? d : undefined;
}

/** Trimmed value or undefined when empty (runners often write `type=""`). */
export function nonEmpty(raw: string | undefined): string | undefined {
  const s = raw?.trim();
  return s ? s : undefined;
}

/** Text without leading blank lines and trailing whitespace; undefined if blank. */
export function trimBlock(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const s = raw.replace(/^\s*\n/, '').trimEnd();
  return s.trim() ? s : undefined;
}

/** First non-blank line, trimmed. */
export function firstLine(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  for (const line of raw.split('\n')) {
    const t = line.trim();
    if (t) return t;
  }
  return undefined;
}

/**
 * Exception class from the start of a message or stack when the format has no
 * type field: "TypeError: x", "System.InvalidOperationException : x",
 * "java.lang.AssertionError: x", "AssertionError [ERR_ASSERTION]: x".
 */
export function errorTypeFrom(text: string | undefined): string | undefined {
  const line = firstLine(text);
  if (!line) return undefined;
  const m = /^([A-Za-z_$][\w$]*(?:[.:\\][A-Za-z_$][\w$]*)*)(?: \[[A-Z_]+\])?\s?:(?:\s|$)/.exec(line);
  const name = m?.[1];
  if (!name) return undefined;
  const last = name.split(/[.:\\]/).pop() ?? name;
  return /(Error|Exception|Failure|Fault|Panic)$/.test(last) ? name : undefined;
}

/**
 * pytest ends a failure body with "path/to/test_x.py:25: AssertionError";
 * the class after the last location is the exception type.
 */
export function errorTypeFromTail(text: string | undefined): string | undefined {
  const last = text?.trimEnd().split('\n').pop()?.trim();
  const m = last ? /^\S+:\d+: ([A-Za-z_][\w.]*(?:Error|Exception|Failure|Exit|Interrupt))$/.exec(last) : null;
  return m?.[1];
}
