/** @module The "text shown" of a proof as the person saw it: the cookie notice with its categories, or the form's checkbox. */
import { StoredCookieNotice } from '../../protocol/index.ts';
import type { Decision, Purpose } from '../../protocol/index.ts';
import { lang as consoleLang, t } from '../i18n/index.ts';
import { Stored } from '../ui/stored-value.tsx';

/** The stored notice of a cookie choice, or undefined when the text is not one (an older or unknown shape). */
export function readStoredNotice(text: string): StoredCookieNotice | undefined {
  try {
    const parsed = StoredCookieNotice.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

type Choice = { purpose: Purpose | string; decision: Decision | string }[];

type CategoryState = 'on' | 'off' | 'always' | 'withdrawn' | 'notAsked';

/** A category's state in this choice: necessary is always on; one the choice does not name was not asked. */
export function categoryState(id: string, purposes: Choice): CategoryState {
  if (id === 'necessary') return 'always';
  const decision = purposes.find((p) => p.purpose === id)?.decision;
  return decision === 'granted' ? 'on' : decision === 'declined' ? 'off' : decision === 'withdrawn' ? 'withdrawn' : 'notAsked';
}

/**
 * The notice drawn as a still: its title, text, change summary and buttons (inert: this is a
 * picture of what was shown, not a control), then each category of the settings layer with its
 * purpose, services and the state this choice gave it.
 */
export function CookieNoticeShown({ notice, purposes, textLang }: { notice: StoredCookieNotice; purposes?: Choice; textLang: string }) {
  const s = t.value.proofView;
  const x = notice.texts;
  return (
    <figure class="notice-shown">
      <figcaption class="small">{s.seenNotice}</figcaption>
      <div class="notice-card" lang={textLang}>
        <p class="notice-title">{x.title}</p>
        <p>{x.intro}</p>
        {notice.changeSummary && (
          <p>
            <strong>{x.changed}</strong> {notice.changeSummary}
          </p>
        )}
        <p class="notice-buttons" aria-label={s.buttons} role="group" lang={textLang}>
          <span class="notice-button">{x.accept}</span>
          <span class="notice-button">{x.reject}</span>
          <span class="notice-button">{x.choose}</span>
        </p>
        <p class="small">
          {x.policyLink}: <span class="mono">{notice.policyUrl}</span> ({notice.policyVersion})
        </p>
      </div>
      <div class="notice-card" lang={textLang}>
        <p class="notice-title">{x.prefsTitle}</p>
        <p>{x.prefsIntro}</p>
        <ul class="plain notice-categories" aria-label={s.categories}>
          {notice.categories.map((c) => {
            // Without a choice (a person's history lists each notice once) the categories carry no state.
            const state = purposes ? categoryState(c.id, purposes) : undefined;
            return (
              <li key={c.id} class="notice-category">
                <p class="notice-category-head">
                  <strong>{c.title}</strong>{' '}
                  {state && <span class={`chip ${state === 'on' || state === 'always' ? 'chip-open' : 'chip-closed'}`} lang={consoleLang.value}>{s.state[state]}</span>}
                </p>
                <p>{c.purpose}</p>
                {c.services.length > 0 && (
                  <p class="small">
                    {x.services}: {c.services.map((v) => `${v.name} (${v.provider})`).join(', ')}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </figure>
  );
}

/**
 * The box's words as the widget shows them: a `[text](address)` link as its underlined text, with
 * the address after it in small type, since a printed proof must say where the link went.
 */
export function withLinks(text: string) {
  const parts = text.split(/\[([^\]]+)\]\(([^)\s]+)\)/);
  return parts.map((part, i) =>
    i % 3 === 0 ? part : i % 3 === 1 ? <span key={i} class="shown-link">{part}</span> : <span key={i} class="small mono"> ({part})</span>,
  );
}

/**
 * A form's consent box as shown: the box, its words, and whether the person ticked it. With the
 * soft opt-in (`existing-customer`) the box is an opt-out, so a ticked box is a no.
 */
export function FormConsentShown({ text, textLang, purposes, basis }: { text: string; textLang: string; purposes: Choice; basis: string }) {
  const s = t.value.proofView;
  const email = purposes.find((p) => p.purpose === 'marketing-email')?.decision;
  const ticked = basis === 'existing-customer' ? email === 'declined' : email === 'granted';
  return (
    <figure class="notice-shown">
      <figcaption class="small">{s.seenForm}</figcaption>
      <div class="notice-card form-box">
        <span class="box" aria-hidden="true">{ticked ? '☑' : '☐'}</span>
        <span lang={textLang}>{withLinks(text)}</span>
      </div>
      <p>
        <strong>{ticked ? s.ticked : s.notTicked}</strong>
        {' ('}
        {purposes.map((p, i) => (
          <span key={p.purpose}>
            {i > 0 && ', '}
            <Stored group="purpose" value={p.purpose} />: <Stored group="decision" value={p.decision} />
          </span>
        ))}
        {')'}
      </p>
    </figure>
  );
}
