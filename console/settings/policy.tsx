import type { Lang } from '../../protocol/index.ts';
// Not from protocol/index.ts: a value import from there puts every zod schema in the console's
// bundle, and zod probes `new Function` while building them, which the console's CSP reports
// (`script-src eval`, console.e2e.ts's CSP test). link.ts imports nothing.
import { safeLinkHref } from '../../protocol/link.ts';
import { t } from '../i18n/index.ts';
import { Field } from '../ui/field.tsx';
import * as model from './policy-model.ts';

/** One language of the site's policy: what the chat uses now, and an editor to replace it. */
function PolicyEditor({ site, lang }: { site: string; lang: Lang }) {
  const s = t.value.settings.chatPolicy;
  const d = model.drafts[lang];
  const all = model.policies.value;
  const stored = all?.policies.find((p) => p.lang === lang);
  const outcome = d.outcome.value;
  const id = `policy-${lang}`;
  // The server refuses any other scheme on save; the console holds links to the same rule as every policy link.
  const openHref = stored && safeLinkHref(stored.url);
  return (
    <form
      aria-labelledby={`${id}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        void model.savePolicy(site, lang);
      }}
    >
      <h3 id={`${id}-h`}>{s.languages[lang]}</h3>
      <p>
        {stored ? s.stored(stored.updatedAt.slice(0, 10), stored.title, stored.sections) : s.none}{' '}
        {openHref && (
          <a href={openHref} target="_blank" rel="noopener">
            {s.open}
          </a>
        )}
      </p>
      {stored && all && stored.version !== all.currentVersion && <p class="hint">{s.outdated(stored.version, all.currentVersion)}</p>}
      <div class="field">
        <label for={`${id}-file`}>{s.file}</label>
        <input id={`${id}-file`} type="file" accept=".md,.markdown,.txt,text/markdown,text/plain" onChange={(e) => void model.readFile(lang, e.currentTarget.files?.[0])} />
      </div>
      <div class="field">
        <label for={`${id}-text`}>{s.text}</label>
        <textarea id={`${id}-text`} rows={12} aria-describedby={`${id}-help`} value={d.markdown.value} onInput={(e) => (d.markdown.value = e.currentTarget.value)} />
        <span id={`${id}-help`} class="hint">{s.textHelp}</span>
      </div>
      <Field label={s.url} value={d.url} type="url" />
      <button type="submit" disabled={d.busy.value}>{s.save(s.languages[lang])}</button>{' '}
      <span role="status">{outcome?.ok ? t.value.common.saved : ''}</span>
      {outcome && !outcome.ok && <p role="alert">{outcome.code === 'policy_without_sections' ? s.noSections : outcome.code === 'payload_too_large' ? s.tooLarge : outcome.message}</p>}
    </form>
  );
}

/** Reading one language's policy from an address on the site, and what the daily re-read found. */
function PolicyImport({ site, lang }: { site: string; lang: Lang }) {
  const s = t.value.settings.chatPolicy;
  const d = model.imports[lang];
  const imported = model.policies.value?.policies.find((p) => p.lang === lang)?.imported;
  const outcome = d.outcome.value;
  const id = `policy-import-${lang}`;
  return (
    <form
      aria-label={`${s.importButton}: ${s.languages[lang]}`}
      onSubmit={(e) => {
        e.preventDefault();
        void model.importPolicy(site, lang);
      }}
    >
      {imported?.changedAt && <p class="unsaved" role="status">{s.importChanged(imported.changedAt.slice(0, 10))}</p>}
      {imported && <p class="hint import-source">{s.importedFrom(imported.url, imported.checkedAt.slice(0, 10))}</p>}
      <div class="field">
        <label for={`${id}-url`}>{s.importUrl}</label>
        <input id={`${id}-url`} type="url" aria-describedby={`${id}-help`} value={d.url.value} onInput={(e) => (d.url.value = e.currentTarget.value)} />
        <span id={`${id}-help`} class="hint">{s.importHelp}</span>
      </div>
      <button type="submit" disabled={d.busy.value || d.url.value.trim() === ''}>{s.importButton}</button>{' '}
      <span role="status">{outcome?.ok ? s.imported : ''}</span>
      {outcome && !outcome.ok && <p role="alert">{outcome.code === 'policy_without_sections' ? s.noSections : outcome.message}</p>}
    </form>
  );
}

/** The privacy policy the chat answers from, per language (owner). */
export function ChatPolicy({ site }: { site: string }) {
  const s = t.value.settings.chatPolicy;
  return (
    <section class="panel" aria-labelledby="chat-policy-h">
      <h2 id="chat-policy-h">{s.title}</h2>
      <p class="hint">{s.intro}</p>
      {model.LANGS.map((lang) => (
        <div key={lang}>
          <PolicyEditor site={site} lang={lang} />
          <PolicyImport site={site} lang={lang} />
        </div>
      ))}
    </section>
  );
}
