/** @module Rotating the site's secret key with a grace period the owner chooses, and until when the old key still works. */
import { signal } from '@preact/signals';
import type { SecretGrace, SecretRotated } from '../../protocol/index.ts';
import { api } from '../api/client.ts';
import { formatTime, t } from '../i18n/index.ts';
import { Choice } from '../ui/field.tsx';
import * as model from './model.ts';

const grace = signal<SecretGrace>('24h');
/** Until when the old key is accepted, after a rotation here; the site's own answer otherwise. */
const until = signal<{ site: string; at: string | null } | undefined>(undefined);

async function rotate(site: string): Promise<void> {
  const answer = await api<SecretRotated>(`/sites/${encodeURIComponent(site)}/rotate-secret`, { method: 'POST', body: { grace: grace.value } });
  model.newSecret.value = answer.secretKey;
  until.value = { site, at: answer.oldKeyValidUntil };
  requestAnimationFrame(() => document.getElementById('secret-rotated')?.focus());
}

export function SecretKey({ site, oldKeyValidUntil }: { site: string; oldKeyValidUntil: string | null }) {
  const s = t.value.settings;
  const end = until.value?.site === site ? until.value.at : oldKeyValidUntil;
  return (
    <div class="panel inner" role="group" aria-labelledby="secret-h">
      <h3 id="secret-h">{s.secretKey}</h3>
      <Choice id="secret-grace" label={s.graceLabel} value={grace} hint={s.graceHint} options={(['none', '1h', '24h', '7d'] as const).map((g) => [g, s.graces[g]])} />
      <p class="actions">
        <button type="button" onClick={() => void rotate(site)}>{s.rotate}</button>
      </p>
      {model.newSecret.value && (
        <p role="status" id="secret-rotated" tabIndex={-1}>
          {s.newSecret} <code>{model.newSecret.value}</code>
        </p>
      )}
      <p class="hint" id="secret-grace-end">{end ? s.oldKeyUntil(formatTime(end)) : s.oldKeyGone}</p>
    </div>
  );
}
