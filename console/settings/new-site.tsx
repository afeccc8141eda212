import { t } from '../i18n/index.ts';
import { Input } from '../ui/field.tsx';
import { IssueField, IssueSummary } from './fields.tsx';
import * as model from './new-site-model.ts';
import { guard } from './unsaved.ts';

/**
 * "Add a site", behind a disclosure button so its fields are on the page only while it is open.
 * The key, name, origins and policy are what the schema requires; the server fills in the rest.
 */
export function NewSite() {
  const s = t.value.settings;
  const n = model.PREFIX;
  const f = model.fields;
  const open = model.open.value;
  const keyError = model.failed.value === 'site_exists' ? s.newSite.exists : model.issues.errors.value.get(`${n}-key`);
  return (
    <div class="new-site">
      <button type="button" id={`${n}-open`} aria-expanded={open} aria-controls={`${n}-form`} onClick={() => (open ? model.toggle() : guard({ back: `${n}-open`, run: model.toggle }))}>
        {s.newSite.title}
      </button>
      {open && (
        <form
          id={`${n}-form`}
          class="panel inner"
          aria-labelledby={`${n}-h`}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            // Creating selects the new site, which would replace the form below.
            guard({ back: `${n}-create`, run: model.create });
          }}
        >
          <h3 id={`${n}-h`}>{s.newSite.title}</h3>
          <p class="hint">{s.newSite.intro}</p>
          <Input
            id={`${n}-key`}
            label={s.fields.key}
            hint={s.fields.keyHint}
            value={f.key}
            error={keyError}
            required
            onEdit={() => {
              model.issues.clear(`${n}-key`);
              if (model.failed.value === 'site_exists') model.failed.value = undefined;
            }}
          />
          <IssueField issues={model.issues} id={`${n}-name`} label={s.fields.name} hint={s.fields.nameHint} value={f.name} required />
          <IssueField issues={model.issues} id={`${n}-origins`} label={s.origins} value={f.origins} multiline required />
          <IssueField issues={model.issues} id={`${n}-policy-url`} label={s.newSite.policyUrl} value={f.policyUrl} type="url" required />
          <IssueField issues={model.issues} id={`${n}-policy-version`} label={s.newSite.policyVersion} value={f.policyVersion} type="date" required />
          <IssueSummary id={`${n}-issues`} issues={model.issues} />
          {model.failed.value && <p role="alert">{model.failed.value === 'site_exists' ? s.newSite.exists : model.failed.value}</p>}
          <button type="submit" id={`${n}-create`} disabled={model.busy.value}>{s.newSite.create}</button>
        </form>
      )}
    </div>
  );
}
