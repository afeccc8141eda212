/** @module Counts for the numbers page: opt-in rate per form and week, notice choices per category. */
import { computed, signal } from '@preact/signals';
import type { CategoryChoices, RequestStats, WeeklyOptIn } from '../../server/store/index.ts';
import { api } from '../api/client.ts';

export const weekly = signal<WeeklyOptIn[]>([]);
export const choices = signal<CategoryChoices[]>([]);
export const requests = signal<RequestStats[]>([]);
export const loaded = signal(false);
export const failed = signal(false);

export async function load(site?: string): Promise<void> {
  failed.value = false;
  try {
    const data = await api<{ weeklyOptIns: WeeklyOptIn[]; categoryChoices: CategoryChoices[]; requests: RequestStats[] }>(`/stats${site ? `?site=${encodeURIComponent(site)}` : ''}`);
    weekly.value = data.weeklyOptIns;
    choices.value = data.categoryChoices;
    requests.value = data.requests;
    loaded.value = true;
  } catch {
    failed.value = true;
  }
}

/** Columns for the chart: week starts as x, one opt-in rate series (percent) per form. */
export const optInSeries = computed(() => {
  const weeks = [...new Set(weekly.value.map((w) => w.week))].sort();
  const forms = [...new Set(weekly.value.map((w) => w.formId))].sort();
  const rate = (form: string, week: string) => {
    const row = weekly.value.find((w) => w.formId === form && w.week === week);
    const total = row ? row.granted + row.declined : 0;
    return total ? Math.round((row!.granted / total) * 1000) / 10 : null;
  };
  return { weeks, forms, x: weeks.map((w) => Date.parse(`${w}T00:00:00Z`) / 1000), series: forms.map((f) => weeks.map((w) => rate(f, w))) };
});
