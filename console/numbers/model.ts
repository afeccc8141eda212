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
 * a hidden count has no point (null is a gap to uPlot), never a rate made up from a guess.
 */
export const optInSeries = computed(() => {
  const weeks = [...new Set(weekly.value.map((w) => w.week))].sort();
  const forms = [...new Set(weekly.value.map((w) => w.formId))].sort();
  const rate = (form: string, week: string) => {
    const row = weekly.value.find((w) => w.formId === form && w.week === week);
    if (!row || row.granted === null || row.declined === null) return null;
    return Math.round((row.granted / (row.granted + row.declined)) * 1000) / 10;
  };
  return { weeks, forms, x: weeks.map((w) => Date.parse(`${w}T00:00:00Z`) / 1000), series: forms.map((f) => weeks.map((w) => rate(f, w))) };
});
