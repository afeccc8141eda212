import { t } from '../i18n/index.ts';
import { Check, Choice } from '../ui/field.tsx';
import { CookieCategories } from './cookies.tsx';
import { announcement } from './draft.ts';
import { IssueField, IssueSummary } from './fields.tsx';
import * as model from './model.ts';
import { PolicyChangeQuestion } from './policy-change.tsx';
import * as change from './policy-change-model.ts';
import { WordingFields } from './wording.tsx';

const MONTHS = Array.from({ length: 24 }, (_, i) => String(i + 1));

/**
 * The selected site's whole document in one form, saved by one PUT with If-Match. `noValidate`:
 * every refusal comes from the server's schema, marked on its field in the console's language,
 * rather than half of them from the browser in its own.
 */
export function SiteForm() {
  const s = t.value.settings;
  const f = model.form;
  const d = model.draft.value;
  const issues = model.issues;
  const p = model.PREFIX;
  const defaults = model.site.value?.defaults;
  if (!d || !defaults) return null;
  return (
    <section class="panel" aria-labelledby="site-h">
      <h2 id="site-h">{s.site}</h2>
      <p class="hint">{s.siteIntro}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void change.submit();
        }}
      >
        <h3>{s.fields.general}</h3>
        <IssueField issues={issues} id={`${p}-name`} label={s.fields.name} hint={s.fields.nameHint} value={d.name} required />
        <Choice id={`${p}-ipAddress`} label={s.fields.ipAddress} value={d.ipAddress} options={[['none', s.fields.ip.none], ['truncated', s.fields.ip.truncated]]} />
        <Choice id={`${p}-cookies-launcher`} label={s.fields.launcher} hint={s.fields.launcherHint} value={d.launcher} options={(['bottom-left', 'bottom-right', 'hidden'] as const).map((v) => [v, s.fields.launchers[v]])} />
        <Choice id={`${p}-cookies-lifetimeMonths`} label={s.fields.lifetime} value={d.lifetimeMonths} options={MONTHS.map((m) => [m, s.fields.months(Number(m))])} />
        <IssueField issues={issues} id={`${p}-origins`} label={s.origins} value={f.origins} multiline required />
        <IssueField issues={issues} id={`${p}-forms`} label={s.softOptIn} value={f.softOptIn} multiline />

        <h3>{s.fields.chat}</h3>
        <IssueField issues={issues} id={`${p}-chat-dpoEmail`} label={s.fields.dpoEmail} hint={s.fields.dpoEmailHint} value={d.dpoEmail} type="email" />
        <IssueField issues={issues} id={`${p}-chat-referencePrefix`} label={s.fields.referencePrefix} hint={s.fields.referencePrefixHint} value={d.referencePrefix} required />

        <h3>{s.policy}</h3>
        <IssueField issues={issues} id={`${p}-policy-url`} label={s.policyUrl} value={f.policyUrl} type="url" required />
        {/* Always here: a new version that is not material is recorded too, and only asks visitors again. */}
        <IssueField issues={issues} id={`${p}-policy-version`} label={s.policyVersion} hint={s.policyVersionHint} value={f.policyVersion} type="date" required />
        <Check id={`${p}-material`} label={s.material} value={f.material} />
        {f.material.value && (
          <>
            <IssueField issues={issues} id={`${p}-policy-changeSummary-nb`} lang="nb" label={s.summaryNb} value={f.summaryNb} required />
            <IssueField issues={issues} id={`${p}-policy-changeSummary-en`} lang="en" label={s.summaryEn} value={f.summaryEn} required />
          </>
        )}

        <h3>{s.wording.formTitle}</h3>
        <p id={`${p}-texts-rules`} class="hint">{s.wording.formRules(defaults.linkText)}</p>
        <WordingFields id={`${p}-texts-marketingEmail`} title={s.wording.marketingEmail} about={s.wording.marketingEmailAbout} rulesId={`${p}-texts-rules`} wording={d.wording.marketingEmail} defaults={defaults.marketingEmail} issues={issues} />
        <WordingFields id={`${p}-texts-marketingEmailOptOut`} title={s.wording.marketingEmailOptOut} about={s.wording.marketingEmailOptOutAbout} rulesId={`${p}-texts-rules`} wording={d.wording.marketingEmailOptOut} defaults={defaults.marketingEmailOptOut} issues={issues} />

        <CookieCategories draft={d} issues={issues} prefix={p} defaults={defaults.intro} />

        <h3>{s.digest}</h3>
        <IssueField issues={issues} id={`${p}-digestEmail`} label={s.digestEmail} value={f.digestEmail} type="email" />
        <IssueField issues={issues} id={`${p}-digestWebhook`} label={s.digestWebhook} value={f.digestWebhook} type="url" />
        <p class="sr-only" role="status">{announcement.value}</p>
        <IssueSummary id={`${p}-issues`} issues={issues} />
        <p class="actions">
          <button type="submit" id="site-save">{t.value.common.save}</button>
          <span role="status">{model.saved.value ? t.value.common.saved : ''}</span>
        </p>
        {model.failed.value && model.failed.value !== 'invalid' && <p role="alert">{model.failed.value === 'edit_conflict' ? s.editConflict : model.failed.value}</p>}
      </form>
      <PolicyChangeQuestion />
    </section>
  );
}
