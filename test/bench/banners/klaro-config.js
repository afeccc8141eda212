// klaro 0.7 quick start (klaro.org/docs/getting-started): a klaroConfig global, then klaro.js with defer.
var klaroConfig = {
  version: 1,
  elementID: 'klaro',
  storageMethod: 'cookie',
  cookieName: 'klaro',
  default: false,
  mustConsent: false,
  acceptAll: true,
  lang: 'no',
  translations: {
    no: {
      privacyPolicyUrl: '/personvern.html',
      consentNotice: { description: 'Vi vil gjerne telle besøk og vise relevant markedsføring. Du velger selv.' },
      purposes: { analytics: 'Statistikk', marketing: 'Markedsføring' },
    },
  },
  services: [
    { name: 'innsikt', title: 'Nettfokus Innsikt', purposes: ['analytics'] },
    { name: 'annonser', title: 'Annonser', purposes: ['marketing'] },
  ],
};
