import { t } from '../i18n/index.ts';
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
                {result === 'checking' ? t.value.common.loading : result ? (result.ok ? s.ok(result.count) : s.broken(result.firstBroken!.seq, result.firstBroken!.eventId, result.firstBroken!.reason)) : ''}
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
    </section>
  );
}
