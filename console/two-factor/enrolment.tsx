import { signal } from '@preact/signals';
import type { TwoFactorEnrolment } from '../../protocol/index.ts';
import { t } from '../i18n/index.ts';
import { CodeField } from './code-field.tsx';
import { CODE_INPUT, type CodeError } from './model.ts';

const code = signal('');

/** The secret in groups of four, as apps show it; spaces are ignored when it is typed in. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)!.join(' ');

/** Adding the account to an authenticator app: QR code, the key as text, and a code to prove it worked. */
export function Enrolment({ enrolment, error, busy, onConfirm }: { enrolment: TwoFactorEnrolment; error: CodeError | undefined; busy: boolean; onConfirm: (code: string) => void }) {
  const s = t.value.twoFactor;
  const onSubmit = (e: Event) => {
    e.preventDefault();
    onConfirm(code.value.trim());
    code.value = '';
  };
  return (
    <div class="enrolment">
      <ol>
        <li>
          <p id="two-factor-scan" tabIndex={-1}>{s.scan}</p>
          <img class="qr" src={enrolment.qr} alt={s.qrAlt} width={192} height={192} />
          <p>{s.manual}</p>
          <p class="mono secret" id="two-factor-secret">
            {grouped(enrolment.secret)}
          </p>
        </li>
        <li>
          <p>{s.enterCode}</p>
          <form onSubmit={onSubmit}>
            <CodeField id={CODE_INPUT} label={s.code} value={code} error={error} />
            <button type="submit" disabled={busy}>
              {s.confirm}
            </button>
          </form>
        </li>
      </ol>
    </div>
  );
}
