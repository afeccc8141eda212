/** Mails the console sends about a rights request, in the requester's language. Plain text only. */
import type { Lang, RequestCorrection, RightsKind } from '../../protocol/index.ts';
import { templates } from './mail/index.ts';

const date = (iso: string, lang: Lang) => new Intl.DateTimeFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Oslo' }).format(new Date(iso));

interface Base {
  lang: Lang;
  siteName: string;
  reference: string;
  kind: RightsKind;
}

/** Art. 12(4): a refusal names the reason and the right to complain to the supervisory authority. */
export function rejected(p: Base & { reason: string }) {
  const kind = templates.kindName(p.kind, p.lang);
  if (p.lang === 'en') {
    return {
      subject: `Your request ${p.reference}`,
      text: `Hello,\n\nWe cannot carry out your request for ${kind} (${p.reference}).\n\nReason: ${p.reason}\n\nIf you disagree, you may complain to the Norwegian Data Protection Authority (Datatilsynet, www.datatilsynet.no) and take the matter to the courts.\n\n${p.siteName}`,
    };
  }
  return {
    subject: `Henvendelsen din ${p.reference}`,
    text: `Hei,\n\nVi kan ikke imøtekomme henvendelsen din om ${kind} (${p.reference}).\n\nBegrunnelse: ${p.reason}\n\nEr du uenig, kan du klage til Datatilsynet (www.datatilsynet.no) og bringe saken inn for domstolene.\n\n${p.siteName}`,
  };
}

/** Art. 12(3): an extension is told within the first month, with the reasons. */
export function extended(p: Base & { reason: string; dueAt: string }) {
  const kind = templates.kindName(p.kind, p.lang);
  if (p.lang === 'en') {
    return {
      subject: `More time needed for your request ${p.reference}`,
      text: `Hello,\n\nWe need more time to answer your request for ${kind} (${p.reference}). You will have our answer by ${date(p.dueAt, 'en')}.\n\nReason: ${p.reason}\n\n${p.siteName}`,
    };
  }
  return {
    subject: `Vi trenger mer tid til henvendelsen din ${p.reference}`,
    text: `Hei,\n\nVi trenger mer tid til å svare på henvendelsen din om ${kind} (${p.reference}). Du får svar senest ${date(p.dueAt, 'nb')}.\n\nBegrunnelse: ${p.reason}\n\n${p.siteName}`,
  };
}

/** Art. 16 and 19: a rectification's mail lists what was corrected, old → new. */
const correctionList = (corrections: RequestCorrection[] | undefined, lang: Lang) =>
  corrections?.length
    ? `\n\n${lang === 'en' ? 'We corrected:' : 'Dette har vi rettet:'}\n${corrections.map((c) => `- ${c.field}: «${c.old}» → «${c.new}»`).join('\n')}`
    : '';

export function completed(p: Base & { note?: string; exportUntil?: string; corrections?: RequestCorrection[] }) {
  const kind = templates.kindName(p.kind, p.lang);
  const fixed = correctionList(p.corrections, p.lang);
  if (p.lang === 'en') {
    const download = p.exportUntil ? `\n\nYour copy is ready. Open the privacy chat on our website to download it; it can be downloaded until ${date(p.exportUntil, 'en')}.` : '';
    return { subject: `Your request ${p.reference} is done`, text: `Hello,\n\nWe have carried out your request for ${kind} (${p.reference}).${fixed}${download}${p.note ? `\n\n${p.note}` : ''}\n\n${p.siteName}` };
  }
  const download = p.exportUntil ? `\n\nKopien din er klar. Åpne personvernchatten på nettstedet vårt for å laste den ned; den kan lastes ned til og med ${date(p.exportUntil, 'nb')}.` : '';
  return { subject: `Henvendelsen din ${p.reference} er behandlet`, text: `Hei,\n\nVi har behandlet henvendelsen din om ${kind} (${p.reference}).${fixed}${download}${p.note ? `\n\n${p.note}` : ''}\n\n${p.siteName}` };
}
