import type { Lang, RightsKind } from '../../../protocol/index.ts';

/** The text of each mail we send, in Bokmål (default) and English. Plain text only. */
export interface MailText {
  subject: string;
  text: string;
}

const KIND: Record<Lang, Record<RightsKind, string>> = {
  nb: {
    access: 'innsyn (kopi av opplysningene)',
    rectification: 'retting av opplysninger',
    erasure: 'sletting av opplysninger',
    'withdraw-consent': 'tilbaketrekking av samtykke',
    portability: 'dataportabilitet (utlevering i maskinlesbart format)',
    restriction: 'begrensning av behandling',
    objection: 'protest mot behandling',
    question: 'spørsmål om personvern',
  },
  en: {
    access: 'access (a copy of your data)',
    rectification: 'correction of data',
    erasure: 'erasure of data',
    'withdraw-consent': 'withdrawal of consent',
    portability: 'data portability (a machine-readable copy)',
    restriction: 'restriction of processing',
    objection: 'objection to processing',
    question: 'a privacy question',
  },
};

export const kindName = (kind: RightsKind, lang: Lang) => KIND[lang][kind];

const formatDate = (at: Date, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Oslo' }).format(at);

export function verificationCode(p: { lang: Lang; siteName: string; code: string; minutes: number; kind: RightsKind }): MailText {
  if (p.lang === 'en') {
    return {
      subject: `Your code: ${p.code}`,
      text: [
        `Hello,`,
        ``,
        `Someone asked ${p.siteName} for ${kindName(p.kind, 'en')} using this email address.`,
        `To confirm that it was you, type this code in the chat:`,
        ``,
        `    ${p.code}`,
        ``,
        `The code works once and expires in ${p.minutes} minutes.`,
        `If it was not you, ignore this email: nothing happens without the code.`,
        ``,
        `${p.siteName}`,
      ].join('\n'),
    };
  }
  return {
    subject: `Koden din: ${p.code}`,
    text: [
      `Hei,`,
      ``,
      `Noen har bedt ${p.siteName} om ${kindName(p.kind, 'nb')} med denne e-postadressen.`,
      `Skriv inn denne koden i chatten for å bekrefte at det var deg:`,
      ``,
      `    ${p.code}`,
      ``,
      `Koden kan brukes én gang og utløper om ${p.minutes} minutter.`,
      `Var det ikke deg, kan du se bort fra denne e-posten: ingenting skjer uten koden.`,
      ``,
      `${p.siteName}`,
    ].join('\n'),
  };
}

export function requestConfirmed(p: { lang: Lang; siteName: string; reference: string; kind: RightsKind; dueAt: Date }): MailText {
  if (p.lang === 'en') {
    return {
      subject: `We have received your request ${p.reference}`,
      text: [
        `Hello,`,
        ``,
        `${p.siteName} has received your request for ${kindName(p.kind, 'en')}.`,
        `Reference: ${p.reference}`,
        `We will answer by ${formatDate(p.dueAt, 'en')} at the latest (one month, GDPR Art. 12(3)).`,
        `You can follow the request, or withdraw it, in the chat on our website.`,
        ``,
        `${p.siteName}`,
      ].join('\n'),
    };
  }
  return {
    subject: `Vi har mottatt henvendelsen din ${p.reference}`,
    text: [
      `Hei,`,
      ``,
      `${p.siteName} har mottatt henvendelsen din om ${kindName(p.kind, 'nb')}.`,
      `Referanse: ${p.reference}`,
      `Vi svarer senest ${formatDate(p.dueAt, 'nb')} (én måned, personvernforordningen art. 12 nr. 3).`,
      `Du kan følge henvendelsen, eller trekke den tilbake, i chatten på nettsidene våre.`,
      ``,
      `${p.siteName}`,
    ].join('\n'),
  };
}

/**
 * To the site's data protection contact. No personal data: email is not a signed-in channel
 * (invariant 7); the details are in the staff API under the reference.
 */
export function dpoNewRequest(p: { siteName: string; reference: string; kind: RightsKind; dueAt: Date; requestId: string }): MailText {
  return {
    subject: `Ny personvernhenvendelse ${p.reference} / New privacy request`,
    text: [
      `En ny, bekreftet henvendelse er kommet inn via chatten på ${p.siteName}.`,
      ``,
      `Referanse: ${p.reference}`,
      `Type: ${kindName(p.kind, 'nb')}`,
      `Frist: ${formatDate(p.dueAt, 'nb')} (én måned fra mottak, art. 12 nr. 3)`,
      `Id: ${p.requestId}`,
      ``,
      `Navn, e-post og detaljer finner du i konsollet (GET /admin/v1/requests).`,
      ``,
      `---`,
      `A new, verified request for ${kindName(p.kind, 'en')} came in through the chat. Reference ${p.reference}, due ${formatDate(p.dueAt, 'en')}.`,
      `Details are in the console (GET /admin/v1/requests).`,
    ].join('\n'),
  };
}

/**
 * The daily list for the data protection contact: open requests due within a week or overdue.
 * Reference, kind and due date only; who asked is in the console.
 */
export function dpoDeadlineDigest(p: { siteName: string; requests: { reference: string; kind: RightsKind; dueAt: string; daysLeft: number }[] }): MailText {
  const overdue = p.requests.filter((r) => r.daysLeft < 0).length;
  const line = (r: (typeof p.requests)[number], lang: Lang) => {
    const left = lang === 'nb'
      ? r.daysLeft < 0 ? `${-r.daysLeft} dager på overtid` : r.daysLeft === 0 ? 'siste dag i dag' : `${r.daysLeft} dager igjen`
      : r.daysLeft < 0 ? `${-r.daysLeft} days overdue` : r.daysLeft === 0 ? 'last day today' : `${r.daysLeft} days left`;
    return `- ${r.reference}  ${kindName(r.kind, lang)}  ${lang === 'nb' ? 'frist' : 'due'} ${formatDate(new Date(r.dueAt), lang)} (${left})`;
  };
  return {
    subject: `${p.siteName}: ${p.requests.length} personvernhenvendelser med frist snart${overdue ? `, ${overdue} på overtid` : ''} / requests due soon`,
    text: [
      `Disse henvendelsene på ${p.siteName} har frist innen 7 dager eller er på overtid (art. 12 nr. 3):`,
      ``,
      ...p.requests.map((r) => line(r, 'nb')),
      ``,
      `Navn, e-post og detaljer finner du i konsollet under Henvendelser.`,
      ``,
      `---`,
      `These requests on ${p.siteName} are due within 7 days or overdue (GDPR Art. 12(3)):`,
      ``,
      ...p.requests.map((r) => line(r, 'en')),
      ``,
      `Names, addresses and details are in the console under Requests.`,
    ].join('\n'),
  };
}

/**
 * To a person with active marketing consent, after a material change to the policy. Both
 * languages, since the list knows addresses, not languages; nothing about the person but that they consented.
 */
export function policyChanged(p: { siteName: string; policyUrl: string; version: string; summary?: { nb: string; en: string } | undefined; unsubscribeUrl: string }): MailText {
  const date = new Date(`${p.version}T12:00:00Z`);
  return {
    subject: `Vi har endret personvernerklæringen / We have changed our privacy policy – ${p.siteName}`,
    text: [
      `Hei,`,
      ``,
      `${p.siteName} har gjort en vesentlig endring i personvernerklæringen, gjeldende fra ${formatDate(date, 'nb')}.`,
      ...(p.summary ? [``, `Hva er endret: ${p.summary.nb}`] : []),
      ``,
      `Les hele erklæringen: ${p.policyUrl}`,
      ``,
      `Du får denne e-posten fordi du har samtykket til e-post med tilbud og nyheter fra oss. Vil du ikke lenger ha dem, melder du deg av med ett klikk her: ${p.unsubscribeUrl}`,
      ``,
      `---`,
      `Hello,`,
      ``,
      `${p.siteName} has made a material change to its privacy policy, in force from ${formatDate(date, 'en')}.`,
      ...(p.summary ? [``, `What changed: ${p.summary.en}`] : []),
      ``,
      `Read the full policy: ${p.policyUrl}`,
      ``,
      `You get this email because you consented to emails with offers and news from us. If you no longer want them, unsubscribe with one click here: ${p.unsubscribeUrl}`,
    ].join('\n'),
  };
}

export function staffReply(p: { lang: Lang; siteName: string; text: string }): MailText {
  if (p.lang === 'en') {
    return {
      subject: `Reply from ${p.siteName} to your chat question`,
      text: [`Hello,`, ``, `You asked us a question in the chat on our website. Here is our reply:`, ``, p.text, ``, `${p.siteName}`].join('\n'),
    };
  }
  return {
    subject: `Svar fra ${p.siteName} på spørsmålet ditt i chatten`,
    text: [`Hei,`, ``, `Du stilte oss et spørsmål i chatten på nettsidene våre. Her er svaret:`, ``, p.text, ``, `${p.siteName}`].join('\n'),
  };
}
