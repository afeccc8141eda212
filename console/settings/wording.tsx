import type { Lang } from '../../protocol/index.ts';
import { t } from '../i18n/index.ts';
import { IssueField } from './fields.tsx';
import type { Issues } from './issues.ts';
import type { OwnText, Wording } from './wording.ts';

interface WordingFieldsProps {
  /** The text's path as element id (`s-texts-marketingEmail`); `-nb` / `-en` is the textarea, as the server's issue paths end. */
  id: string;
  title: string;
  /** What the text is for, under the title. */
  about: string;
  /** Id of the rules that apply to the site's own wording (limits, placeholders, no links), read with each textarea. */
  rulesId: string;
  /** The rules, when they are drawn here rather than shared with another text above. */
  rules?: string;
  wording: Wording;
  /** Our wording as it reads for this site, from the server. */
  defaults: Record<Lang, string>;
  issues: Issues;
}

/**
 * One text the site may word itself. Per language: our wording, quoted for reference, or the
 * site's own in a textarea shown once chosen. Radios, so arrow keys switch and the choice is read
 * out; focus stays on the radio, and the textarea comes next in tab order.
 */
export function WordingFields({ id, title, about, rulesId, rules, wording, defaults, issues }: WordingFieldsProps) {
  const s = t.value.settings.wording;
  const inLang = t.value.settings.cookies.inLang;
  return (
    <section class="wording" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{title}</h4>
      <p class="hint">{about}</p>
      {rules && <p id={rulesId} class="hint">{rules}</p>}
      <div class="pair">
        {(['nb', 'en'] as const).map((lang) => (
          <LanguageChoice key={lang} at={`${id}-${lang}`} legend={inLang(title, lang)} lang={lang} text={wording[lang]} ours={defaults[lang]} rulesId={rulesId} issues={issues} label={inLang(s.own, lang)} />
        ))}
      </div>
    </section>
  );
}

function LanguageChoice({ at, legend, lang, text, ours, rulesId, issues, label }: { at: string; legend: string; lang: Lang; text: OwnText; ours: string; rulesId: string; issues: Issues; label: string }) {
  const s = t.value.settings.wording;
  const pick = (own: boolean) => {
    text.own.value = own;
    // A refused own wording given up for ours is no longer wrong.
    if (!own) issues.clear(at);
  };
  return (
    <fieldset class="row">
      <legend>{legend}</legend>
      <div class="field checkbox">
        <input type="radio" id={`${at}-ours`} name={`${at}-mode`} checked={!text.own.value} onChange={() => pick(false)} aria-describedby={`${at}-default`} />
        <label for={`${at}-ours`}>{s.ours}</label>
      </div>
      <figure class="default-text">
        <figcaption class="hint">{s.oursReads}</figcaption>
        <blockquote id={`${at}-default`} lang={lang} class="text-shown">{ours}</blockquote>
      </figure>
      <div class="field checkbox">
        <input type="radio" id={`${at}-own`} name={`${at}-mode`} checked={text.own.value} onChange={() => pick(true)} />
        <label for={`${at}-own`}>{s.own}</label>
      </div>
      {text.own.value && <IssueField issues={issues} id={at} lang={lang} label={label} value={text.text} multiline required describedBy={rulesId} />}
    </fieldset>
  );
}
