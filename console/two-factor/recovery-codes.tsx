import { signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { RECOVERY_HEADING } from './model.ts';

const copied = signal<'yes' | 'failed' | undefined>(undefined);

/** The ten recovery codes, shown this once, to copy or download before going on. */
export function RecoveryCodes({ codes, email, onDone }: { codes: string[]; email: string; onDone: () => void }) {
  const s = t.value.twoFactor;
  const text = `${s.fileHeading(email)}\n\n${codes.join('\n')}\n`;
  // A blob: link downloads without any script on the page's origin running it; freed when the codes go.
  const href = useMemo(() => URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' })), [text]);
  useEffect(() => () => URL.revokeObjectURL(href), [href]);
  useEffect(() => () => void (copied.value = undefined), []);
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => (copied.value = 'yes'),
      () => (copied.value = 'failed'),
    );
  };
  return (
    <section class="panel recovery" aria-labelledby={RECOVERY_HEADING}>
      <h2 id={RECOVERY_HEADING} tabIndex={-1}>
        {s.recoveryTitle}
      </h2>
      <p>{s.recoveryIntro}</p>
      <ul class="recovery-codes mono" id="recovery-codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div class="actions">
        <button type="button" onClick={copy}>
          {s.copy}
        </button>
        <a class="button" href={href} download={s.fileName}>
          {s.download}
        </a>
        <button type="button" class="primary" onClick={onDone}>
          {s.savedThem}
        </button>
      </div>
      <p role="status" class="hint">
        {copied.value === 'yes' ? s.copied : copied.value === 'failed' ? s.copyFailed : ''}
      </p>
    </section>
  );
}
