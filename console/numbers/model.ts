/** @module Counts for the numbers page: opt-in rate per form and week, notice choices per category. */
import { computed, signal } from '@preact/signals';
import type { CategoryChoiceStat, ConsoleStats, RequestKindStat, WeeklyOptInStat } from '../../protocol/index.ts';
import { api } from '../api/client.ts';

// Counts arrive anonymised: rounded down to a multiple of 5, `null` for fewer than 5 (server/services/anonymised-stats.ts).
export const weekly = signal<WeeklyOptInStat[]>([]);
export const choices = signal<CategoryChoiceStat[]>([]);
export const requests = signal<RequestKindStat[]>([]);
export const loaded = signal(false);
export const failed = signal(false);

export async function load(site?: string): Promise<void> {
  failed.value = false;
  try {
    const data = await api<ConsoleStats>(`/stats${site ? `?site=${encodeURIComponent(site)}` : ''}`);
    weekly.value = data.weeklyOptIns;
    choices.value = data.categoryChoices;
    requests.value = data.requests;
    loaded.value = true;
  } catch {
    failed.value = true;
  }
}

/**
 * Columns for the chart: week starts as x, one opt-in rate series (percent) per form. A week with
 * a hidden count has no point (null is a gap in the line), never a rate made up from a guess.
 */
export const optInSeries = computed(() => {
  const weeks = [...new Set(weekly.value.map((w) => w.week))].sort();
  const forms = [...new Set(weekly.value.map((w) => w.formId))].sort();
  const rate = (form: string, week: string) => {
    const row = weekly.value.find((w) => w.formId === form && w.week === week);
    if (!row || row.granted === null || row.declined === null) return null;
    return Math.round((row.granted / (row.granted + row.declined)) * 1000) / 10;
  };
  return { weeks, forms, series: forms.map((f) => weeks.map((w) => rate(f, w))) };
});

/**
 * The opt-in chart's y range, in percent, from the rates it draws: their lowest and highest value
 * with 5 points of room, at least 10 points wide, within 0–100. A fixed 0–max range flattened a
 * 40–45 % week-to-week change into a line, and left one drawn week with no range at all.
 */
export function rateRange(series: (number | null)[][]): [number, number] {
  const values = series.flat().filter((v): v is number => v !== null);
  if (!values.length) return [0, 100];
  let lo = Math.max(0, Math.floor((Math.min(...values) - 5) / 5) * 5);
  let hi = Math.min(100, Math.ceil((Math.max(...values) + 5) / 5) * 5);
  if (hi - lo < 10) {
    if (lo === 0) hi = 10;
    else if (hi === 100) lo = 90;
    else hi = lo + 10;
  }
  return [lo, hi];
}
