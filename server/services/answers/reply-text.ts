import { CHAT_BUTTONS } from '../../../protocol/chat-buttons.ts';
import type { Lang, RightsKind } from '../../../protocol/index.ts';

const quote = (lang: Lang, s: string) => (lang === 'nb' ? `«${s}»` : `“${s}”`);

/**
 * A button named as the visitor sees it. Its label is in the widget's language (`ui`, the page's),
 * which an English question on a Norwegian page does not share with the reply: then the label is
 * quoted as drawn and the reply's own wording follows in brackets.
 */
function button(lang: Lang, ui: Lang, pick: (labels: (typeof CHAT_BUTTONS)[Lang]) => string): string {
  const shown = quote(lang, pick(CHAT_BUTTONS[ui]));
  return ui === lang ? shown : `${shown} (${pick(CHAT_BUTTONS[lang])})`;
}
const toPerson = (lang: Lang, ui: Lang) => button(lang, ui, (b) => b.toPerson);

export const REPLY = {
  yes: { nb: 'Ja.', en: 'Yes.' },
  no: { nb: 'Nei.', en: 'No.' },
  askPerson: (lang: Lang, ui: Lang) => (lang === 'nb' ? `Vil du spørre et menneske? Velg ${toPerson(lang, ui)}.` : `Would you like to ask a person? Choose ${toPerson(lang, ui)}.`),
  outOfScope: (lang: Lang, ui: Lang) =>
    lang === 'nb'
      ? `Jeg svarer bare på spørsmål om personvern, ut fra personvernerklæringen, og den sier ikke noe om dette. ${REPLY.askPerson(lang, ui)}`
      : `I only answer questions about privacy, from the privacy policy, and it says nothing about this. ${REPLY.askPerson(lang, ui)}`,
  gap: (lang: Lang, topic: string, ui: Lang) => (lang === 'nb' ? `Personvernerklæringen sier ikke noe om ${topic}. ${REPLY.askPerson(lang, ui)}` : `The privacy policy does not say anything about ${topic}. ${REPLY.askPerson(lang, ui)}`),
  unsure: (lang: Lang, ui: Lang) => (lang === 'nb' ? `Jeg er ikke sikker på hva du spør om. Prøv å si det på en annen måte, eller velg ${toPerson(lang, ui)}.` : `I am not sure what you are asking. Try putting it another way, or choose ${toPerson(lang, ui)}.`),
  person: (lang: Lang, ui: Lang) => (lang === 'nb' ? `Gjerne. Velg ${toPerson(lang, ui)}, så svarer en medarbeider her i chatten.` : `Of course. Choose ${toPerson(lang, ui)} and someone from the team will answer here in the chat.`),
  greeting: (lang: Lang, site: string) => (lang === 'nb' ? `Hei! Spør meg om hvordan ${site} behandler personopplysninger, eller om rettighetene dine.` : `Hello! Ask me how ${site} handles personal data, or about your rights.`),
  thanks: (lang: Lang) => (lang === 'nb' ? 'Bare hyggelig! Spør gjerne om mer.' : 'You are welcome! Feel free to ask more.'),
  request: (lang: Lang, kind: RightsKind, ui: Lang) => {
    const named = button(lang, ui, (b) => b.suggest[kind]);
    return lang === 'nb' ? `Du kan sende forespørselen her i chatten: velg ${named} under svaret.` : `You can send the request here in the chat: choose ${named} below the answer.`;
  },
  policySays: (lang: Lang, title: string) => (lang === 'nb' ? `Dette står i personvernerklæringen under ${quote(lang, title)}:` : `This is what the privacy policy says under ${quote(lang, title)}:`),
  onlyNorwegian: 'The privacy policy is only in Norwegian, so the quote below is in Norwegian.',
  onlyEnglish: 'Personvernerklæringen finnes bare på engelsk, så sitatet under er på engelsk.',
};
