import { formatTime, t } from '../i18n/index.ts';
import { href } from '../router/model.ts';
import { Select } from '../ui/field.tsx';
import { storedInWords } from '../ui/stored-value.tsx';
import * as model from './model.ts';

/** Verify each site's hash chain from the console; a break names the first record that does not fit. */
export function ChainCheckPanel() {
  const s = t.value.chain;
  return (
    <section aria-labelledby="chain-h" class="panel">
      <h2 id="chain-h">{s.title}</h2>
      <ul class="plain">
        {model.sites.value.map((site) => {
          const result = model.chains.value[site.key];
          return (
            <li key={site.key}>
              <button type="button" onClick={() => void model.verifyChain(site.key)}>
                {`${s.verify}: ${site.name}`}
              </button>{' '}
              <span role="status">
                {result === 'checking' ? t.value.common.loading : result ? (result.ok ? s.ok(result.count) : s.broken(result.firstBroken!.seq, result.firstBroken!.eventId, storedInWords('chainReason', result.firstBroken!.reason).words)) : ''}
              </span>
              {result && result !== 'checking' && (
                <div class="mono small">
                  {s.head}: {result.head.headHash}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <DigestCheck />
    </section>
  );
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Paste an earlier digest (from the mail or the webhook): does today's chain extend it? */
function DigestCheck() {
  const s = t.value.chain;
  const a = model.digestAnswer.value;
  return (
    <form class="digest-check" onSubmit={(e) => (e.preventDefault(), void model.checkDigest())}>
      <h3 id="digest-h">{s.againstTitle}</h3>
      <p class="hint" id="digest-hint">{s.againstHelp}</p>
      {model.sites.value.length > 1 && <Select id="digest-site" label={s.site} value={model.digestSite} options={model.sites.value.map((x) => [x.key, x.name])} />}
      <div class="field">
        <label for="digest-text">{s.paste}</label>
        <textarea id="digest-text" rows={6} class="mono" aria-describedby="digest-hint" value={model.digestText.value} onInput={(e) => (model.digestText.value = e.currentTarget.value)} />
      </div>
      <button type="submit" disabled={!model.digestText.value.trim()}>{s.check}</button>
      <div role="status" class="digest-answer">
        {a && 'error' in a && <p class="error">{a.error === 'not_a_digest' ? s.notADigest : a.error === 'other_site' ? s.otherSite : t.value.common.error}</p>}
        {a && !('error' in a) && (
          <>
            <p class={a.extends ? 'ok' : 'overdue'}>{a.extends ? s.extends(formatTime(a.digest.at), a.digest.count) : s.notExtends(formatTime(a.digest.at))}</p>
            {a.firstBroken && (
              <p>
                {s.firstNot(a.firstBroken.seq, a.firstBroken.eventId, capitalised(storedInWords('chainReason', a.firstBroken.reason).words))}{' '}
                {a.firstBroken.eventId && <a href={href('proof', a.firstBroken.eventId)}>{t.value.proofView.openProof(a.firstBroken.seq)}</a>}
              </p>
            )}
            <p class="small">{s.signature[a.signature]}</p>
          </>
        )}
      </div>
    </form>
  );
}
