import type { Lang } from '../../../protocol/index.ts';

const formatDate = (at: Date, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Oslo' }).format(at);

/** The mail with the confirmation link, in the language of the form the box was ticked in. Plain text. */
export function confirmationMail(p: { lang: Lang; siteName: string; url: string; expiresAt: Date }): { subject: string; text: string } {
  if (p.lang === 'en') {
    return {
      subject: `Confirm your email address for ${p.siteName}`,
      text: [
        `Hello,`,
        ``,
        `You ticked the box to get emails with offers and news from ${p.siteName}.`,
        `Open this link and press "Confirm" to show that the address is yours:`,
        ``,
        `    ${p.url}`,
        ``,
        `The link works until ${formatDate(p.expiresAt, 'en')} (Norwegian time). If you do not confirm by then, you will get no such emails.`,
        `If it was not you, ignore this email: nothing is sent to you without the confirmation.`,
        ``,
        `${p.siteName}`,
      ].join('\n'),
    };
  }
  return {
    subject: `Bekreft e-postadressen din hos ${p.siteName}`,
    text: [
      `Hei,`,
      ``,
      `Du krysset av for å få e-post med tilbud og nyheter fra ${p.siteName}.`,
      `Åpne lenken under og trykk «Bekreft» for å vise at adressen er din:`,
      ``,
      `    ${p.url}`,
      ``,
      `Lenken virker til ${formatDate(p.expiresAt, 'nb')}. Bekrefter du ikke innen da, får du ingen slike e-poster.`,
      `Var det ikke deg, kan du se bort fra denne e-posten: vi sender deg ingenting uten bekreftelsen.`,
      ``,
      `${p.siteName}`,
    ].join('\n'),
  };
}
