import { useEffect } from 'preact/hooks';
import * as auth from './auth/model.ts';
import { SignIn } from './auth/sign-in.tsx';
import { HistoryPage } from './consents/history.tsx';
import { ConsentsPage } from './consents/page.tsx';
import { ProofPage } from './consents/proof.tsx';
import { lang, setLang, t } from './i18n/index.ts';
import { InboxPage } from './inbox/page.tsx';
import { watchUnread } from './inbox/unread.ts';
import { NumbersPage } from './numbers/page.tsx';
import { RequestsPage } from './requests/page.tsx';
import { href, route, type Page } from './router/model.ts';
import { SettingsPage } from './settings/page.tsx';
import { AccountPage } from './two-factor/page.tsx';
import { WebhooksPage } from './webhooks/page.tsx';
import * as unsaved from './settings/unsaved.ts';
import { focusMainHeading } from './ui/focus.tsx';

const NAV = ['consents', 'requests', 'inbox', 'numbers', 'settings', 'webhooks', 'account'] as const satisfies readonly Page[];

function LangSwitch() {
  return (
    <div class="lang" role="group" aria-label={t.value.language}>
      {(['nb', 'en'] as const).map((l) => (
        <button type="button" key={l} aria-pressed={lang.value === l} onClick={() => setLang(l)} lang={l}>
          {l === 'nb' ? 'Norsk' : 'English'}
        </button>
      ))}
    </div>
  );
}

function Current() {
  const { page, param } = route.value;
  if (page === 'history' && param) return <HistoryPage email={param} />;
  if (page === 'proof' && param) return <ProofPage eventId={param} />;
  if (page === 'requests') return <RequestsPage id={param} />;
  if (page === 'inbox') return <InboxPage />;
  if (page === 'numbers') return <NumbersPage />;
  if (page === 'settings') return <SettingsPage />;
  if (page === 'webhooks') return <WebhooksPage />;
  if (page === 'account') return <AccountPage />;
  return <ConsentsPage />;
}

export function App() {
  useEffect(() => void auth.restore(), []);
  const s = t.value;
  if (auth.status.value === 'unknown') return <p class="loading">{s.common.loading}</p>;
  if (auth.status.value === 'signed-out') {
    return (
      <>
        <header class="top">
          <span class="brand">{s.appName}</span>
          <LangSwitch />
        </header>
        <SignIn />
      </>
    );
  }
  const account = auth.me.value!;
  const current: Page = route.value.page;
  return <SignedIn account={account} current={current} />;
}

function SignedIn({ account, current }: { account: NonNullable<typeof auth.me.value>; current: Page }) {
  const s = t.value;
  const param = route.value.param;
  // After sign-in and on every page change, focus goes to the new page's heading.
  useEffect(focusMainHeading, [current, param]);
  // A new chat message shows in the tab's title whichever page is open.
  useEffect(watchUnread, []);
  return (
    <>
      <a class="skip" href="#main">
        {s.skip}
      </a>
      <header class="top">
        <span class="brand">{s.appName}</span>
        <nav aria-label={s.nav.label}>
          <ul>
            {/* Webhooks carry the site's addresses: the page is an owner's, as the routes are. */}
            {NAV.filter((p) => p !== 'webhooks' || auth.isOwner.value).map((p) => (
              <li key={p}>
                <a href={href(p)} aria-current={current === p ? 'page' : undefined}>
                  {s.nav[p]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">{s.nav.signedInAs(account.email, account.admin ? s.roles.admin : s.roles[account.sites.some((x) => x.role === 'owner') ? 'owner' : 'agent'])}</span>
        <LangSwitch />
        {/* Unsaved settings are asked about first, as when another site is picked. */}
        <button type="button" id={unsaved.SIGN_OUT} onClick={unsaved.signOut}>
          {s.nav.signOut}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Current />
      </main>
    </>
  );
}
