import { useLayoutEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { Input } from '../ui/field.tsx';
import { requestFocus } from '../ui/focus.tsx';
import type { Localised } from './draft.ts';
import { describePath, inPageOrder, type FieldIssue, type Issues } from './issues.ts';

type InputProps = Parameters<typeof Input>[0];

/** An input whose error comes from a form's refused fields, and goes away when the field is edited. */
export function IssueField({ issues, ...props }: Omit<InputProps, 'error' | 'onEdit'> & { issues: Issues }) {
  return <Input {...props} error={issues.errors.value.get(props.id)} onEdit={() => issues.clear(props.id)} />;
}

/** One text in both languages the widget speaks, side by side: `<id>-nb` and `<id>-en`, as the server's paths end. */
export function LocalisedFields({ id, label, value, issues, multiline, hint }: { id: string; label: string; value: Localised; issues: Issues; multiline?: boolean; hint?: string }) {
  const inLang = t.value.settings.cookies.inLang;
  return (
    <>
      {hint && <p id={`${id}-hint`} class="hint">{hint}</p>}
      <div class="pair">
        {(['nb', 'en'] as const).map((lang) => (
          <IssueField key={lang} issues={issues} id={`${id}-${lang}`} lang={lang} label={inLang(label, lang)} value={value[lang]} multiline={multiline} describedBy={hint ? `${id}-hint` : undefined} />
        ))}
      </div>
    </>
  );
}

/**
 * A refused save, summarised where focus lands: each refused field by name and what to type
 * instead, with a button that moves to it, in the order the fields stand on the page. role=alert,
 * so it is read out at once.
 */
export function IssueSummary({ id, issues }: { id: string; issues: Issues }) {
  const s = t.value.settings.issues;
  const given = issues.list.value;
  // The fields may be drawn in the same render as the summary, so their places are read once they
  // are on the page; a layout effect re-draws before anything is painted or read out.
  const [sorted, setSorted] = useState<{ from: FieldIssue[]; list: FieldIssue[] } | undefined>(undefined);
  useLayoutEffect(() => setSorted({ from: given, list: inPageOrder(given) }), [given]);
  const list = sorted?.from === given ? sorted.list : given;
  if (!list.length) return null;
  return (
    <div id={id} class="issues" role="alert" tabIndex={-1}>
      <p>
        <strong>{s.summary(list.length)}</strong> {s.summaryHint}
      </p>
      <ul>
        {list.map((i) => (
          <li key={`${i.id}:${i.path}`}>
            <button type="button" class="link" onClick={() => requestFocus(i.id)}>
              {describePath(i.path)}
            </button>
            : {issues.errors.value.get(i.id) ?? i.server}
          </li>
        ))}
      </ul>
    </div>
  );
}
