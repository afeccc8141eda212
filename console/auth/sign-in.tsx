import { signal } from '@preact/signals';
import { t } from '../i18n/index.ts';
import { Field } from '../ui/field.tsx';
import * as auth from './model.ts';

const email = signal('');
const password = signal('');

export function SignIn() {
  const s = t.value.signIn;
  const error = auth.signInError.value;
  const onSubmit = (e: Event) => {
    e.preventDefault();
    void auth.signIn(email.value, password.value).then(() => (password.value = ''));
  };
  return (
    <main id="main" class="sign-in">
      <h1>{s.title}</h1>
      <p>{s.intro}</p>
      <form onSubmit={onSubmit}>
        <Field label={s.email} value={email} type="email" autoComplete="username" required />
        <Field label={s.password} value={password} type="password" autoComplete="current-password" required />
        {error && (
          <p role="alert" class="error">
            {error.kind === 'wrong' ? s.wrong : error.kind === 'locked' ? s.locked(error.seconds) : t.value.common.error}
          </p>
        )}
        <button type="submit" disabled={auth.busy.value}>
          {auth.busy.value ? s.busy : s.submit}
        </button>
      </form>
    </main>
  );
}
