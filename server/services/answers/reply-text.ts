import type { Lang, RightsKind } from '../../../protocol/index.ts';

/**
 * The widget's button labels, as the bot names them in its replies. widget/chat/copy.ts is the
 * source; reply-text.test.ts holds these to it, so a renamed button cannot leave the bot naming
 * the old one. (The server does not import widget code.)
 */
export const BUTTONS: Record<Lang, { toPerson: string; suggest: Record<RightsKind, string> }> = {
  nb: {
    toPerson: 'Snakk med et menneske',
    suggest: {
      access: 'Send en forespørsel om innsyn',
      rectification: 'Be om å få rettet opplysningene',
      erasure: 'Be om å få opplysningene slettet',
      'withdraw-consent': 'Trekk tilbake et samtykke',
      portability: 'Be om å få opplysningene dine som fil',
      restriction: 'Be om at behandlingen begrenses',
      objection: 'Protester mot behandlingen',
      question: 'Still spørsmålet til en person',
    },
  },
  en: {
    toPerson: 'Talk to a person',
    suggest: {
      access: 'Request access to your data',
      rectification: 'Ask us to correct your data',
      erasure: 'Ask us to erase your data',
      'withdraw-consent': 'Withdraw a consent',
      portability: 'Ask for your data as a file',
      restriction: 'Ask us to restrict the processing',
      objection: 'Object to the processing',
      question: 'Ask a person',
    },
  },
};

const quote = (lang: Lang, s: string) => (lang === 'nb' ? `«${s}»` : `“${s}”`);

export const REPLY = {
  yes: { nb: 'Ja.', en: 'Yes.' },
  no: { nb: 'Nei.', en: 'No.' },
  askPerson: (lang: Lang) => (lang === 'nb' ? `Vil du spørre et menneske? Velg ${quote(lang, BUTTONS.nb.toPerson)}.` : `Would you like to ask a person? Choose ${quote(lang, BUTTONS.en.toPerson)}.`),
  outOfScope: (lang: Lang) =>
    lang === 'nb'
      ? `Jeg svarer bare på spørsmål om personvern, ut fra personvernerklæringen, og den sier ikke noe om dette. ${REPLY.askPerson(lang)}`
      : `I only answer questions about privacy, from the privacy policy, and it says nothing about this. ${REPLY.askPerson(lang)}`,
  gap: (lang: Lang, topic: string) => (lang === 'nb' ? `Personvernerklæringen sier ikke noe om ${topic}. ${REPLY.askPerson(lang)}` : `The privacy policy does not say anything about ${topic}. ${REPLY.askPerson(lang)}`),
  unsure: (lang: Lang) => (lang === 'nb' ? `Jeg er ikke sikker på hva du spør om. Prøv å si det på en annen måte, eller velg ${quote(lang, BUTTONS.nb.toPerson)}.` : `I am not sure what you are asking. Try putting it another way, or choose ${quote(lang, BUTTONS.en.toPerson)}.`),
  person: (lang: Lang) => (lang === 'nb' ? `Gjerne. Velg ${quote(lang, BUTTONS.nb.toPerson)}, så svarer en medarbeider her i chatten.` : `Of course. Choose ${quote(lang, BUTTONS.en.toPerson)} and someone from the team will answer here in the chat.`),
  greeting: (lang: Lang, site: string) => (lang === 'nb' ? `Hei! Spør meg om hvordan ${site} behandler personopplysninger, eller om rettighetene dine.` : `Hello! Ask me how ${site} handles personal data, or about your rights.`),
  thanks: (lang: Lang) => (lang === 'nb' ? 'Bare hyggelig! Spør gjerne om mer.' : 'You are welcome! Feel free to ask more.'),
  request: (lang: Lang, kind: RightsKind) => (lang === 'nb' ? `Du kan sende forespørselen her i chatten: velg ${quote(lang, BUTTONS.nb.suggest[kind])} under svaret.` : `You can send the request here in the chat: choose ${quote(lang, BUTTONS.en.suggest[kind])} below the answer.`),
  policySays: (lang: Lang, title: string) => (lang === 'nb' ? `Dette står i personvernerklæringen under ${quote(lang, title)}:` : `This is what the privacy policy says under ${quote(lang, title)}:`),
  onlyNorwegian: 'The privacy policy is only in Norwegian, so the quote below is in Norwegian.',
  onlyEnglish: 'Personvernerklæringen finnes bare på engelsk, så sitatet under er på engelsk.',
};
