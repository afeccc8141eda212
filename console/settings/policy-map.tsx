import type { Lang, PolicyMapEntry } from '../../protocol/index.ts';
import { MAX_OWN_ANSWER } from '../../protocol/index.ts';
import { t } from '../i18n/index.ts';
import * as model from './policy-map-model.ts';
import { LANGS, policies } from './policy-model.ts';

function Intent({ site, lang, entry, sections }: { site: string; lang: Lang; entry: PolicyMapEntry; sections: { id: string; title: string }[] }) {
  const s = t.value.settings.policyMap;
  const d = model.draftFor(lang, entry.intent);
  const id = `pm-${lang}-${entry.intent}`;
  const status = entry.source === 'gap' ? s.gap(entry.topic) : entry.source === 'own' ? s.own : entry.source === 'chosen' ? s.chosen(entry.sectionTitle ?? '') : entry.sectionTitle ? s.found(entry.sectionTitle) : '';
  const outcome = d.outcome.value;
  return (
    <fieldset class={entry.source === 'gap' ? 'pm-intent pm-gap' : 'pm-intent'}>
      <legend>{entry.topic}</legend>
      <p class={entry.source === 'gap' ? 'warning' : 'hint'}>{status}</p>
      <dl class="pm-reply">
        <dt>{s.question}</dt>
        <dd>{entry.question}</dd>
        <dt>{s.reply}</dt>
        <dd lang={lang}>{entry.reply}</dd>
      </dl>
      <div class="field">
        <label for={`${id}-section`}>{s.section}</label>
        <select id={`${id}-section`} value={d.section.value} onChange={(e) => (d.section.value = e.currentTarget.value)}>
          <option value="">{s.chatsChoice}</option>
          {sections.map((sec) => (
            <option key={sec.id} value={sec.id}>
              {sec.title}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${id}-answer`}>{s.answer}</label>
        <textarea id={`${id}-answer`} rows={2} maxLength={MAX_OWN_ANSWER} value={d.answer.value} onInput={(e) => (d.answer.value = e.currentTarget.value)} />
      </div>
      <button type="button" onClick={() => void model.saveChoice(site, lang, entry.intent, s.nothing)}>
        {t.value.common.save}
        <span class="sr-only"> {s.save(entry.topic)}</span>
      </button>{' '}
      {entry.source !== 'found' && entry.source !== 'gap' && (
        <button type="button" onClick={() => void model.resetChoice(site, lang, entry.intent)}>
          {s.chatsChoice}
          <span class="sr-only"> {s.reset(entry.topic)}</span>
        </button>
      )}{' '}
      <span role="status">{outcome?.ok ? t.value.common.saved : ''}</span>
      {outcome && !outcome.ok && <p role="alert">{outcome.message}</p>}
    </fieldset>
  );
}

function LanguageMap({ site, lang }: { site: string; lang: Lang }) {
  const s = t.value.settings.policyMap;
  const language = t.value.settings.chatPolicy.languages[lang];
  const shown = model.maps[lang].value;
  const view = shown?.site === site ? shown.view : undefined;
  if (!view) {
    return (
      <p>
        <button type="button" id={`pm-show-${lang}`} disabled={model.loading[lang].value} onClick={() => void model.loadMap(site, lang)}>
          {s.show(language)}
        </button>
      </p>
    );
  }
  const gaps = view.entries.filter((e) => e.source === 'gap');
  return (
    <section aria-labelledby={`pm-${lang}-h`}>
      <h3 id={`pm-${lang}-h`}>{language}</h3>
      {gaps.length ? (
        <div class="warning">
          <p>{s.gaps}</p>
          <ul>
            {gaps.map((g) => (
              <li key={g.intent}>{g.topic}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p>{s.noGaps}</p>
      )}
      {view.entries.map((entry) => (
        <Intent key={entry.intent} site={site} lang={lang} entry={entry} sections={view.sections} />
      ))}
    </section>
  );
}

/** For each intent and language: the part of the policy the chat answers from, its reply, the gaps, and the owner's choice. */
export function PolicyMap({ site }: { site: string }) {
  const s = t.value.settings.policyMap;
  const stored = policies.value?.policies ?? [];
  return (
    <section class="panel" aria-labelledby="policy-map-h">
      <h2 id="policy-map-h">{s.title}</h2>
      <p class="hint">{s.intro}</p>
      {LANGS.filter((lang) => stored.some((p) => p.lang === lang)).map((lang) => (
        <LanguageMap key={lang} site={site} lang={lang} />
      ))}
    </section>
  );
}
