// vanilla-cookieconsent 3.1 quick start (cookieconsent.orestbida.com, "Getting started"): the UMD
// build imported from a module, then CookieConsent.run() with a minimal configuration.
import './cookieconsent.umd.js';

CookieConsent.run({
  // Its default hides the banner from user agents that look like bots, HeadlessChrome among them.
  hideFromBots: false,
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {}, marketing: {} },
  language: {
    default: 'nb',
    translations: {
      nb: {
        consentModal: {
          title: 'Vi bruker informasjonskapsler',
          description: 'Vi vil gjerne telle besøk og vise relevant markedsføring. Du velger selv.',
          acceptAllBtn: 'Godta alle',
          acceptNecessaryBtn: 'Avvis alle',
          showPreferencesBtn: 'Velg selv',
        },
        preferencesModal: {
          title: 'Personverninnstillinger',
          acceptAllBtn: 'Godta alle',
          acceptNecessaryBtn: 'Avvis alle',
          savePreferencesBtn: 'Lagre',
          sections: [
            { title: 'Nødvendige', description: 'Trengs for at siden skal virke.', linkedCategory: 'necessary' },
            { title: 'Statistikk', description: 'Teller sidevisninger.', linkedCategory: 'analytics' },
            { title: 'Markedsføring', description: 'Viser relevant reklame.', linkedCategory: 'marketing' },
          ],
        },
      },
    },
  },
});
