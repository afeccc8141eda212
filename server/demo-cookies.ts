import type { SiteSettingsInput } from '../protocol/index.ts';

/**
 * What the demo site declares for its cookie notice: one statistics and one marketing service,
 * matching the two demo trackers in demo/ (each sets a marker and a first-party cookie).
 */
export const DEMO_COOKIES: NonNullable<SiteSettingsInput['cookies']> = {
  lifetimeMonths: 12,
  launcher: 'bottom-left',
  necessary: {
    services: [
      {
        name: 'Samtykke',
        provider: 'Grane Solutions AS',
        purpose: { nb: 'Husker valget ditt om informasjonskapsler og sender samtykkene dine til oss.', en: 'Remembers your cookie choice and sends your consents to us.' },
        // Declared as the widget keeps it: one localStorage entry (widget/cookie-notice/storage.ts),
        // not a cookie named "samtykke" as this said before (issue 18).
        cookies: [{ name: 'samtykke:choice', firstParty: false, duration: { nb: '12 måneder, i nettleserens lokale lagring (localStorage), ikke en informasjonskapsel', en: '12 months, in the browser’s local storage (localStorage), not a cookie' } }],
      },
    ],
  },
  statistics: {
    recipients: { nb: 'Grane Solutions AS. Dataene forlater ikke våre servere i EØS.', en: 'Grane Solutions AS. The data stays on our servers in the EEA.' },
    retention: { nb: 'Besøkstall lagres i 13 måneder, deretter bare som summer.', en: 'Visit counts are kept for 13 months, then only as totals.' },
    services: [
      {
        name: 'Nettfokus Innsikt',
        provider: 'Grane Solutions AS',
        purpose: { nb: 'Teller sidevisninger og hvilke sider som leder til en henvendelse.', en: 'Counts page views and which pages lead to an enquiry.' },
        cookies: [{ name: 'nf_stats', duration: { nb: '13 måneder', en: '13 months' } }],
      },
    ],
  },
  marketing: {
    recipients: { nb: 'Grane Solutions AS og annonseplattformen Annonsenett AS.', en: 'Grane Solutions AS and the ad platform Annonsenett AS.' },
    retention: { nb: 'Annonsedata lagres i 90 dager.', en: 'Ad data is kept for 90 days.' },
    services: [
      {
        name: 'Annonsenett',
        provider: 'Annonsenett AS',
        purpose: { nb: 'Måler om annonsene våre fører til besøk, og viser annonser for Nettfokus CRM.', en: 'Measures whether our ads lead to visits, and shows ads for Nettfokus CRM.' },
        privacyUrl: 'https://annonsenett.example/personvern',
        cookies: [{ name: 'nf_ads', duration: { nb: '90 dager', en: '90 days' } }],
      },
    ],
  },
};
