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

/**
 * The one definition of an open request: verified and not yet answered. Only an open request can
 * be late; a completed, rejected, withdrawn or expired one has no days left and is never overdue,
 * and one awaiting verification has no deadline yet (Art. 12(6): the period runs once we know who asks).
 */
export const OPEN_STATUSES = ['verified', 'in-progress'] as const;
/** Open and due within this many days (or overdue): "due this week" in the console and the deadline digest. */
export const DUE_SOON_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DeadlineState {
  open: boolean;
  /** Whole days until the due instant, 0 on the last day, negative when overdue; `null` when not open. */
  daysLeft: number | null;
  overdue: boolean;
  /** Open, not overdue, and due within `DUE_SOON_DAYS`. */
  dueSoon: boolean;
}

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** Where a request stands against its deadline at `now`: used by the list, the detail view, the digest and the numbers. */
export function deadlineState({ status, dueAt }: { status: string; dueAt: string | null }, now: Date): DeadlineState {
  if (!isOpen(status) || !dueAt) return { open: isOpen(status), daysLeft: null, overdue: false, dueSoon: false };
  const ms = Date.parse(dueAt) - now.getTime();
  const daysLeft = ms >= 0 ? Math.floor(ms / DAY_MS) : -Math.ceil(-ms / DAY_MS);
  return { open: true, daysLeft, overdue: ms < 0, dueSoon: ms >= 0 && daysLeft <= DUE_SOON_DAYS };
}

/**
 * A from–to range of whole days in `timeZone`, inclusive at both ends, as instants: `from` at the
 * start of its local day, `to` at the start of the local day after it (exclusive), so from = to is
 * that one day. An instant given instead of a date is kept, and `to` then includes it.
 */
export function wholeDayRange(from: string | undefined, to: string | undefined, timeZone = 'Europe/Oslo'): { from?: string; to?: string } {
  const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
  const startOf = (v: string, plusDays: number) => {
    const [y, m, d] = v.split('-').map(Number) as [number, number, number];
    return startOfLocalDay(new Date(Date.UTC(y, m - 1, d + plusDays)), timeZone).toISOString();
  };
  return {
    ...(from ? { from: isDay(from) ? startOf(from, 0) : new Date(from).toISOString() } : {}),
    ...(to ? { to: isDay(to) ? startOf(to, 1) : new Date(Date.parse(to) + 1).toISOString() } : {}),
  };
}

/** 00:00 local time on the UTC calendar date of `day`. */
function startOfLocalDay(day: Date, timeZone: string): Date {
  const asUtc = day.getTime();
  // Offsets change at night but never at midnight in Europe; take the offset just after the guess.
  const guess = asUtc - offsetMinutes(new Date(asUtc), timeZone) * 60_000;
  return new Date(asUtc - offsetMinutes(new Date(guess), timeZone) * 60_000);
}
