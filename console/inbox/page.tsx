import { t } from '../i18n/index.ts';

export function InboxPage() {
  return (
    <>
      <h1>{t.value.inbox.title}</h1>
      <p>{t.value.requests.pending}</p>
    </>
  );
}
