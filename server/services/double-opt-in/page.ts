import type { Lang } from '../../../protocol/index.ts';
import { escapeHtml, plainPage } from '../../util/html.ts';
import type { ConfirmState } from './confirm.ts';

const TEXT = {
  nb: {
    title: (site: string) => `Bekreft e-postadressen din hos ${site}`,
    invalidTitle: 'Ugyldig lenke',
    invalid: 'Lenken virker ikke. Kanskje ble den kuttet da den ble kopiert? Bruk lenken i e-posten slik den er.',
    pending: (site: string, email: string) => `Trykk «Bekreft» for å vise at ${email} er din adresse. Da får du e-post med tilbud og nyheter fra ${site}, slik du krysset av for.`,
    button: 'Bekreft',
    confirmed: (site: string, email: string) => `Takk! ${email} er bekreftet, og bekreftelsen er lagret som bevis. Du kan melde deg av når du vil med lenken nederst i hver e-post fra ${site}.`,
    already: (_site: string, email: string) => `${email} er allerede bekreftet. Du trenger ikke gjøre noe mer.`,
    expired: (site: string, email: string) => `Lenken for ${email} har gått ut, så adressen ble ikke bekreftet, og du får ingen e-post med tilbud og nyheter fra ${site}. Vil du likevel ha dem, kan du krysse av på nytt neste gang du fyller ut et skjema.`,
  },
  en: {
    title: (site: string) => `Confirm your email address for ${site}`,
    invalidTitle: 'Link not valid',
    invalid: 'This link does not work. Perhaps it was cut short when copied? Use the link in the email as it is.',
    pending: (site: string, email: string) => `Press "Confirm" to show that ${email} is your address. You will then get emails with offers and news from ${site}, as you ticked.`,
    button: 'Confirm',
    confirmed: (site: string, email: string) => `Thank you! ${email} is confirmed, and the confirmation is stored as proof. You can unsubscribe at any time with the link at the bottom of every email from ${site}.`,
    already: (_site: string, email: string) => `${email} is already confirmed. There is nothing more to do.`,
    expired: (site: string, email: string) => `The link for ${email} has expired, so the address was not confirmed and you will get no emails with offers and news from ${site}. If you still want them, tick the box again next time you fill in one of the forms.`,
  },
};

/**
 * The page behind the link: server-rendered, no script (the default HTML CSP), a plain form for
 * the button, the answer in a status paragraph. In the form's language; `nb` for a link not ours.
 */
export function confirmPage(state: ConfirmState): string {
  const lang: Lang = state.status === 'invalid' ? 'nb' : state.lang;
  const t = TEXT[lang];
  const title = state.status === 'invalid' ? t.invalidTitle : t.title(state.siteName);
  let body: string;
  if (state.status === 'invalid') body = `<p>${escapeHtml(t.invalid)}</p>`;
  else if (state.status === 'pending') {
    body = `<p>${escapeHtml(t.pending(state.siteName, state.shownEmail))}</p>
<form method="post"><button type="submit">${escapeHtml(t.button)}</button></form>`;
  } else {
    const say = state.status === 'confirmed' ? t.confirmed : state.status === 'already-confirmed' ? t.already : t.expired;
    body = `<p role="status">${escapeHtml(say(state.siteName, state.shownEmail))}</p>`;
  }
  return plainPage({ lang, title, body });
}
