import { t } from '../i18n/index.ts';

export function RequestsPage() {
  return (
    <>
      <h1>{t.value.requests.title}</h1>
      <p>{t.value.requests.pending}</p>
    </>
  );
}
