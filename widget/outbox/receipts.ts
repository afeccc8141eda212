import type { Receipt } from '../api/index.ts';
import { RECEIPTS_KEY } from '../boot/context.ts';
import { readJson, writeJson } from '../util/index.ts';

// Bounded, so a visitor who submits forms for years does not fill the site's storage quota.
const KEEP = 50;

export function addReceipt(receipt: Receipt): void {
  const list = readJson<Receipt[]>(RECEIPTS_KEY, []).filter((r) => r.id !== receipt.id);
  list.push(receipt);
  writeJson(RECEIPTS_KEY, list.slice(-KEEP));
}

/** Marks receipts the server has acknowledged, so `Samtykke.receipts()` can tell stored from pending. */
export function markReceipts(ids: string[]): void {
  if (!ids.length) return;
  const acked = new Set(ids);
  const list = readJson<Receipt[]>(RECEIPTS_KEY, []);
  if (!list.some((r) => acked.has(r.id) && !r.stored)) return;
  writeJson(RECEIPTS_KEY, list.map((r) => (acked.has(r.id) ? { ...r, stored: true } : r)));
}
