import type { CookieModel } from './model.ts';

/**
 * The first layer. "Accept all" and "Reject all" share one class, so refusing is exactly as
 * prominent as accepting (EDPB cookie banner taskforce report, 2023). It does not trap focus and
 * has no close button: leaving it alone is not consent, and nothing runs until there is a choice.
 */
export function CookieNotice({ model, policyUrl }: { model: CookieModel; policyUrl: string }) {
  const mode = model.notice.value;
  if (!mode) return null;
  const t = model.cookies.texts;
  const changed = model.changed.value;
  return (
    <section class="sk-notice" aria-labelledby="sk-notice-title">
      <h2 id="sk-notice-title">{t.title}</h2>
      {changed && (
        <p>
          <strong>{t.changed}</strong> {changed}
        </p>
      )}
      <p>{t.intro}</p>
      {mode === 'gpc' && <p>{t.gpc}</p>}
      <p>
        <a href={policyUrl}>{t.policyLink}</a>
      </p>
      <div class="sk-actions">
        {mode === 'ask' ? (
          <>
            <button type="button" class="sk-btn" onClick={model.acceptAll}>
              {t.accept}
            </button>
            <button type="button" class="sk-btn" onClick={model.rejectAll}>
              {t.reject}
            </button>
          </>
        ) : (
          <button type="button" class="sk-btn" onClick={() => (model.notice.value = undefined)}>
            {t.ok}
          </button>
        )}
        <button type="button" class="sk-btn" aria-haspopup="dialog" onClick={() => model.ctx.cookies?.openPreferences()}>
          {t.choose}
        </button>
      </div>
    </section>
  );
}
