/** @module One-click unsubscribe from marketing mail: the link, the page behind it, and the withdrawal it records. */
import type { Lang } from '../../protocol/index.ts';
import type { Store } from '../store/index.ts';
import { escapeHtml, plainPage } from '../util/html.ts';
import { activeGrants, appendWithdrawal } from './consent-withdrawal.ts';

/** The link a marketing mail to `email` carries for `site`. */
export async function unsubscribeUrl(store: Store, publicUrl: string, site: string, email: string): Promise<string> {
  return `${publicUrl}/u/${await store.unsubscribeToken(site, email)}`;
}

export type UnsubscribeState = { status: 'invalid' } | { status: 'subscribed' | 'unsubscribed'; siteName: string; shownEmail: string };

/** `kari.nordmann@example.no` → `k…n@example.no`: enough to recognise, little to a forwarded link's reader. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  return `${local.length <= 2 ? local[0] ?? '' : `${local[0]}…${local.at(-1)}`}${email.slice(at)}`;
}

/** Whom a token was issued for, with their site's settings; undefined for a token or site not ours. */
async function resolve(store: Store, token: string) {
  const who = await store.readUnsubscribeToken(token);
  const site = who && (await store.getSite(who.site))?.settings;
  return who && site ? { ...who, siteName: site.name, shownEmail: maskEmail(who.email) } : undefined;
}

/** Whom the link is for, and whether they still get marketing mail. */
export async function unsubscribeState(store: Store, token: string): Promise<UnsubscribeState> {
  const who = await resolve(store, token);
  if (!who) return { status: 'invalid' };
  const subscribed = activeGrants(await store.findConsentsByEmail(who.email, who.site), 'marketing-email').length > 0;
  return { status: subscribed ? 'subscribed' : 'unsubscribed', siteName: who.siteName, shownEmail: who.shownEmail };
}

/**
 * Withdraws the person's marketing-email consent on the site: a `withdrawn` record in the chain
 * per active grant, with the grant's own basis (an existing customer's opt-out stays one). Doing
 * it again records nothing more. A token that is not ours changes nothing.
 */
export async function unsubscribe(store: Store, token: string, at: Date): Promise<UnsubscribeState> {
  const who = await resolve(store, token);
  if (!who) return { status: 'invalid' };
  await appendWithdrawal(store, { site: who.site, email: who.email, purpose: 'marketing-email', idSeed: `unsubscribe:${who.site}:${who.email}`, via: 'unsubscribe-link', basis: 'grant' }, at);
  // Every active marketing grant has just been withdrawn (appendWithdrawal throws otherwise).
  return { status: 'unsubscribed', siteName: who.siteName, shownEmail: who.shownEmail };
}

const TEXT = {
  nb: {
    title: (site: string) => `Meld deg av e-post fra ${site}`,
    invalid: 'Lenken virker ikke. Kanskje ble den kuttet da den ble kopiert? Bruk lenken i e-posten slik den er, eller spør i personvernchatten på nettstedet.',
    subscribed: (site: string, email: string) => `${email} får e-post med tilbud og nyheter fra ${site}. Vil du ikke lenger ha det?`,
    button: 'Meld meg av',
    done: (site: string, email: string) => `Ferdig: ${email} får ikke flere e-poster med tilbud og nyheter fra ${site}. Avmeldingen er lagret som bevis. Ombestemmer du deg, kan du krysse av igjen neste gang du fyller ut et skjema hos oss.`,
    already: (site: string, email: string) => `${email} er ikke på listen over mottakere av tilbud og nyheter fra ${site}.`,
    invalidTitle: 'Ugyldig lenke',
  },
  en: {
    title: (site: string) => `Unsubscribe from ${site}'s emails`,
    invalid: 'This link does not work. Perhaps it was cut short when copied? Use the link in the email as it is, or ask in the privacy chat on the website.',
    subscribed: (site: string, email: string) => `${email} receives emails with offers and news from ${site}. Do you want to stop them?`,
    button: 'Unsubscribe me',
    done: (site: string, email: string) => `Done: ${email} will get no more emails with offers and news from ${site}. The unsubscription is stored as proof. If you change your mind, tick the box again next time you fill in one of our forms.`,
    already: (site: string, email: string) => `${email} is not on the list of recipients of offers and news from ${site}.`,
    invalidTitle: 'Link not valid',
  },
};

/** The page behind the link. GET only shows it (mail scanners open links); the button POSTs. */
export function unsubscribePage(state: UnsubscribeState, lang: Lang, options: { justDone?: boolean } = {}): string {
  const t = TEXT[lang];
  const title = state.status === 'invalid' ? t.invalidTitle : t.title(state.siteName);
  let body: string;
  if (state.status === 'invalid') body = `<p>${escapeHtml(t.invalid)}</p>`;
  else if (state.status === 'subscribed') {
    body = `<p>${escapeHtml(t.subscribed(state.siteName, state.shownEmail))}</p>
<form method="post"><input type="hidden" name="lang" value="${lang}"><button type="submit">${escapeHtml(t.button)}</button></form>`;
  } else body = `<p role="status">${escapeHtml((options.justDone ? t.done : t.already)(state.siteName, state.shownEmail))}</p>`;
  return plainPage({ lang, title, body });
}
