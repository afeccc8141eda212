import type { CategoryView, NoticeTexts, OptionalCategory } from '../../protocol/index.ts';
import type { CookieModel } from './model.ts';
import { trapFocus } from './focus.ts';

/**
 * The second layer: a modal dialog with one switch per category the site declared. Switches start
 * off; `necessary` has none, because it is not asked for. Escape and the close button leave
 * without a choice, which is not consent.
 */
export function Preferences({ model, policyUrl }: { model: CookieModel; policyUrl: string }) {
  if (!model.dialog.value) return null;
  const t = model.cookies.texts;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      model.closeDialog();
    } else trapFocus(event);
  };
  return (
    <div class="sk-backdrop">
      <div class="sk-dialog" role="dialog" aria-modal="true" aria-labelledby="sk-prefs-title" onKeyDown={onKeyDown}>
        <div class="sk-head">
          <h2 id="sk-prefs-title">{t.prefsTitle}</h2>
          <button type="button" class="sk-close" aria-label={t.close} onClick={model.closeDialog}>
            ×
          </button>
        </div>
        <p>
          {t.prefsIntro} <a href={policyUrl}>{t.policyLink}</a>
        </p>
        {model.cookies.categories.map((c) => (
          <Category key={c.id} category={c} t={t} model={model} />
        ))}
        <div class="sk-actions">
          <button type="button" class="sk-btn" onClick={model.acceptAll}>
            {t.accept}
          </button>
          <button type="button" class="sk-btn" onClick={model.rejectAll}>
            {t.reject}
          </button>
          <button type="button" class="sk-btn" onClick={model.saveDraft}>
            {t.save}
          </button>
        </div>
      </div>
    </div>
  );
}

function Category({ category: c, t, model }: { category: CategoryView; t: NoticeTexts; model: CookieModel }) {
  const id = `sk-switch-${c.id}`;
  const optional = c.id !== 'necessary';
  return (
    <div class="sk-cat">
      <div class="sk-cat-head">
        <h3>
          <label for={optional ? id : undefined}>{c.title}</label>
        </h3>
        {optional ? (
          <input
            id={id}
            type="checkbox"
            role="switch"
            checked={!!model.draft.value[c.id as OptionalCategory]}
            onChange={(e) => model.toggle(c.id as OptionalCategory, (e.currentTarget as HTMLInputElement).checked)}
          />
        ) : (
          <span class="sk-always">{t.alwaysOn}</span>
        )}
      </div>
      <dl>
        <dt>{t.purpose}</dt>
        <dd>{c.purpose}</dd>
        <dt>{t.recipients}</dt>
        <dd>{c.recipients}</dd>
        <dt>{t.retention}</dt>
        <dd>{c.retention}</dd>
      </dl>
      {c.services.length > 0 && (
        <details>
          <summary>
            {t.services} ({c.services.length})
          </summary>
          <ul>
            {c.services.map((s) => (
              <li key={s.name}>
                <strong>{s.name}</strong> ({s.provider}): {s.purpose}
                {s.privacyUrl && (
                  <>
                    {' '}
                    <a href={s.privacyUrl}>{s.privacyUrl}</a>
                  </>
                )}
                {s.cookies.length > 0 && (
                  <ul>
                    {s.cookies.map((k) => (
                      <li key={k.name}>
                        {t.cookie} <code>{k.name}</code>, {t.duration.toLowerCase()}: {k.duration}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
