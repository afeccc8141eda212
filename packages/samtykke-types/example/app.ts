// What a site's front end writes; compiled by test/samtykke-types.test.ts.
import type { ChangeDetail, CookieCategory } from '../index.d.ts';

const granted: CookieCategory[] = [];
const off = window.Samtykke?.on('change', (detail) => {
  for (const [category, on] of Object.entries(detail.categories)) if (on) granted.push(category as CookieCategory);
  const why: ChangeDetail['reason'] = detail.reason;
  void why;
});
off?.();
window.Samtykke?.on('consent', (detail) => detail.decision === 'granted' && console.log(detail.receiptId, detail.formId));
window.addEventListener('samtykke:change', (e) => console.log(e.detail.categories.marketing, e.detail.consentId));
window.Samtykke?.('on', 'consent', (detail) => console.log(detail.purpose));
if (window.Samtykke?.get('statistics')) void window.Samtykke.flush();
export {};
