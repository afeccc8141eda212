import type { Lang, RightsKind } from './index.ts';

/**
 * The chat's buttons that the bot names in its replies ("choose «Snakk med et menneske»"): one
 * table, drawn by the widget and quoted by the server, so a renamed button cannot leave the bot
 * naming the old one. No zod here: the widget's chat chunk imports this file directly.
 */
export const CHAT_BUTTONS: Record<Lang, { toPerson: string; suggest: Record<RightsKind, string> }> = {
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
