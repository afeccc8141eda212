/**
 * Legal deadlines. GDPR Art. 12(3): a request is answered "within one month of receipt". Periods
 * are counted as in Regulation (EEC, Euratom) No 1182/71 Art. 3: a period in months ends with the
 * last hour of the day in the last month that has the same date as the day of receipt, or, if
 * that month has no such date, with the last hour of its last day (31 Jan → 28/29 Feb).
 */

export interface DeadlineOptions {
  /**
   * The calendar the controller works in: "the same date" is a local date.
   * @default 'Europe/Oslo'
   */
  timeZone?: string;
  /**
   * Calendar months from receipt: 1, or up to 3 with the one extension Art. 12(3) allows.
   * @default 1
   */
  months?: number;
}

/** The end of the day one calendar month after `receivedAt`, as an instant. */
export function rightsRequestDueAt(receivedAt: Date, { timeZone = 'Europe/Oslo', months = 1 }: DeadlineOptions = {}): Date {
  const { year, month, day } = localDate(receivedAt, timeZone);
  const due = addCalendarMonths({ year, month, day }, months);
  return endOfLocalDay(due, timeZone);
}

export interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

/** Same date `months` later, clamped to the last day of a shorter month. */
export function addCalendarMonths({ year, month, day }: CalendarDate, months: number): CalendarDate {
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { year: y, month: m, day: Math.min(day, lastDay) };
}

function localDate(at: Date, timeZone: string): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** Offset of `timeZone` from UTC at `at`, in minutes (Oslo: +60 in winter, +120 in summer). */
function offsetMinutes(at: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

function endOfLocalDay({ year, month, day }: CalendarDate, timeZone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day, 23, 59, 59, 999);
  // Time zones change offset at night, never at 23:59, so the offset at the guess is the right one.
  return new Date(asUtc - offsetMinutes(new Date(asUtc), timeZone) * 60_000);
}
