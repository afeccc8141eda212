import type { Lang } from '../../protocol/index.ts';
import { t } from '../i18n/index.ts';
import { Check } from '../ui/field.tsx';
import { CATEGORIES, setUsed, type SiteDraft } from './draft.ts';
import { LocalisedFields } from './fields.tsx';
import type { Issues } from './issues.ts';
import { ServiceList } from './services.tsx';
import { WordingFields } from './wording.tsx';

/**
 * What the cookie notice shows and the widget blocks: the always-on necessary services, then each
 * optional category, switched on or off, with its purpose, recipients, retention and services;
 * first, the notice's intro in our wording (`defaults`, from the server) or the site's own.
 * Element ids follow the server's paths (`s-cookies-<category>-…`), so a refused field is found.
 */
export function CookieCategories({ draft, issues, prefix, defaults }: { draft: SiteDraft; issues: Issues; prefix: string; defaults: Record<Lang, string> }) {
  const s = t.value.settings.cookies;
  const w = t.value.settings.wording;
  // Only the necessary category: the widget shows no notice at all, so its intro is read by nobody.
  const asked = CATEGORIES.some((id) => draft.categories[id].used.value);
  const base = `${prefix}-cookies`;
  return (
    <section class="categories" aria-labelledby={`${base}-h`}>
      <h3 id={`${base}-h`}>{s.title}</h3>
      <p class="hint">{s.intro}</p>
      <WordingFields id={`${base}-intro`} title={w.intro} about={asked ? w.introAbout : `${w.introAbout} ${w.introUnused}`} rulesId={`${base}-intro-rules`} rules={w.introRules} wording={draft.wording.intro} defaults={defaults} issues={issues} />
      <section class="category" aria-labelledby={`${base}-necessary-h`}>
        <h4 id={`${base}-necessary-h`}>{s.categories.necessary}</h4>
        <p class="hint">{s.necessaryHint}</p>
        <ServiceList id={`${base}-necessary-services`} list={draft.necessary} issues={issues} />
      </section>
      {CATEGORIES.map((id) => {
        const c = draft.categories[id];
        const title = s.categories[id];
        const at = `${base}-${id}`;
        return (
          <section key={id} class="category" aria-labelledby={`${at}-h`}>
            <h4 id={`${at}-h`}>{title}</h4>
            <Check id={`${at}-used`} label={s.used(title)} value={c.used} onChange={(used) => setUsed(c, used)} />
            {c.used.value ? (
              <>
                <LocalisedFields issues={issues} id={`${at}-purpose`} label={s.purpose} value={c.purpose} hint={s.purposeHint} multiline />
                <LocalisedFields issues={issues} id={`${at}-recipients`} label={s.recipients} value={c.recipients} multiline />
                <LocalisedFields issues={issues} id={`${at}-retention`} label={s.retention} value={c.retention} />
                <h5>{s.services}</h5>
                <ServiceList id={`${at}-services`} list={c.services} issues={issues} />
              </>
            ) : (
              <p class="hint">{s.unused}</p>
            )}
          </section>
        );
      })}
    </section>
  );
}
