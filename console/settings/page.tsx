import { useEffect } from 'preact/hooks';
import { downloadUrl } from '../api/client.ts';
import { isAdmin, isOwner, roleOn } from '../auth/model.ts';
import * as consents from '../consents/model.ts';
import { t } from '../i18n/index.ts';
import { Select } from '../ui/field.tsx';
import { FocusMover } from '../ui/focus.tsx';
import * as model from './model.ts';
import { NewSite } from './new-site.tsx';
import { Staff } from './staff.tsx';
import * as staff from './staff-model.ts';
import { PolicyMap } from './policy-map.tsx';
import { Retention } from './retention.tsx';
import { SecretKey } from './secret-key.tsx';
import { ChatPolicy } from './policy.tsx';
import { SiteForm } from './site-form.tsx';
import * as unsaved from './unsaved.ts';
import { UnsavedPrompt } from './unsaved-prompt.tsx';

export function SettingsPage() {
  const s = t.value.settings;
  useEffect(() => {
    if (!isOwner.value) return;
    void consents.loadSites().then(() => {
      const first = consents.sites.value.find((x) => roleOn(x.key) === 'owner')?.key;
      if (first && !model.selected.value) void model.load(first);
    });
    void staff.load();
  }, []);
  if (!isOwner.value) return (<><h1>{s.title}</h1><p>{s.ownerOnly}</p></>);
  const view = model.site.value;
  // Settings are an owner's: the picker offers the sites this person owns (the server lists only their sites).
  const owned = consents.sites.value.filter((x) => roleOn(x.key) === 'owner');
  const created = model.createdSecret.value;
  return (
    <>
      <FocusMover />
      <h1>{s.title}</h1>
      <section class="panel" aria-labelledby="sites-h">
        <h2 id="sites-h">{s.sites}</h2>
        <Select id={unsaved.PICKER} label={t.value.consents.site} value={model.selected} onPick={unsaved.switchTo} options={owned.map((x): [string, string] => [x.key, `${x.name} (${x.key})`])} />
        <UnsavedPrompt />
        {created && (
          <p id="site-created" role="status" tabIndex={-1}>
            {s.newSite.created(created.name)} {s.newSite.secret} <code>{created.secretKey}</code>
          </p>
        )}
        {isAdmin.value && <NewSite />}
        {view && (
          <>
            <h3>{s.snippet}</h3>
            <p class="hint">{s.snippetHelp}</p>
            <pre class="snippet"><code>{view.snippet}</code></pre>
            <p class="hint">{s.sriSnippetHelp}</p>
            <pre class="snippet snippet-sri"><code>{view.sriSnippet}</code></pre>
            <SecretKey site={view.settings.key} oldKeyValidUntil={view.oldKeyValidUntil ?? null} />
            <p>
              <a class="button" href={downloadUrl(`/sites/${encodeURIComponent(view.settings.key)}/marketing-list`, {})}>{s.marketingList}</a>
            </p>
          </>
        )}
      </section>
      {view && <SiteForm />}
      {view && <ChatPolicy site={view.settings.key} />}
      {view && <PolicyMap key={view.settings.key} site={view.settings.key} />}
      {view && <Retention site={view.settings.key} />}
      <Staff sites={owned} />
    </>
  );
}
