/** @module What the retention job will delete on the chosen site, and when (counts only). */
import { signal } from '@preact/signals';
import type { RetentionPlan } from '../../protocol/index.ts';
import { api } from '../api/client.ts';

export const plan = signal<RetentionPlan | undefined>(undefined);

export async function load(site: string): Promise<void> {
  plan.value = undefined;
  plan.value = await api<RetentionPlan>(`/retention?site=${encodeURIComponent(site)}`);
}
