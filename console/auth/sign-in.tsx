import { signal } from '@preact/signals';
import { t } from '../i18n/index.ts';
import { CodeField } from '../two-factor/code-field.tsx';
import { Enrolment } from '../two-factor/enrolment.tsx';
import * as twoFactor from '../two-factor/model.ts';
import { Field } from '../ui/field.tsx';
import { FocusMover } from '../ui/focus.tsx';
import * as auth from './model.ts';

const email = signal('');
const password = signal('');
const code = signal('');

export function SignIn() {
  const s = t.value.signIn;
  const step = auth.step.value;
  return (
    <main id="main" class="sign-in">
      <FocusMover />
      {step === 'code' ? <CodeStep /> : step === 'enrol' ? <EnrolStep /> : <PasswordStep s={s} />}
    </main>
  );
}

function PasswordStep({ s }: { s: (typeof t.value)['signIn'] }) {
  const error = auth.signInError.value;
  const onSubmit = (e: Event) => {
    e.preventDefault();
    void auth.signIn(email.value, password.value).then(() => (password.value = ''));
  };
  return (
    <>
      <h1>{s.title}</h1>
      <p>{s.intro}</p>
      <form onSubmit={onSubmit}>
        <Field label={s.email} value={email} type="email" autoComplete="username" required />
        <Field label={s.password} value={password} type="password" autoComplete="current-password" required />
        {error && (
          <p role="alert" class="error">
            {error.kind === 'wrong' ? s.wrong : error.kind === 'locked' ? s.locked(error.seconds) : error.kind === 'expired' ? t.value.twoFactor.expired : t.value.common.error}
          </p>
        )}
        <button type="submit" disabled={auth.busy.value}>
          {auth.busy.value ? s.busy : s.submit}
        </button>
      </form>
    </>
  );
}

function CodeStep() {
  const s = t.value.twoFactor;
  const onSubmit = (e: Event) => {
    e.preventDefault();
    void auth.submitCode(code.value.trim()).then(() => (code.value = ''));
  };
  return (
    <>
      <h1>{s.codeTitle}</h1>
      <p>{s.codeIntro}</p>
      <form onSubmit={onSubmit}>
        <CodeField id={twoFactor.CODE_INPUT} label={s.codeLabel} value={code} error={twoFactor.codeError.value} />
        <button type="submit" disabled={auth.busy.value}>
          {auth.busy.value ? s.verifying : s.verify}
        </button>
      </form>
    </>
  );
}

function EnrolStep() {
  const s = t.value.twoFactor;
  const enrolment = auth.enrolment.value;
  return (
    <>
      <h1>{s.enrolTitle}</h1>
      <p>{s.enrolIntro}</p>
      {enrolment ? (
        <Enrolment enrolment={enrolment} error={twoFactor.codeError.value} busy={auth.busy.value} onConfirm={(c) => void auth.confirmEnrolment(c)} />
      ) : (
        <p>{t.value.common.loading}</p>
      )}
    </>
  );
}
