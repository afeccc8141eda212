import { useSignal } from '@preact/signals';
import type { RightsKind } from '../../protocol/index.ts';
import type { FieldName, Purpose } from './copy.ts';
import type { ChatModel } from './model.ts';
import { RequestStatus } from './request-list.tsx';
import { FIELDS, PURPOSES } from './validate.ts';

const KINDS: RightsKind[] = ['access', 'rectification', 'erasure', 'withdraw-consent', 'portability', 'restriction', 'objection', 'question'];
const LONG: FieldName[] = ['correction', 'reason', 'message'];

/** The guided request, one step at a time; each step's heading or first field takes focus. */
export function RightsRequest({ model }: { model: ChatModel }) {
  const { copy, rights } = model;
  const flow = rights.flow.value;
  const busy = rights.busy.value;
  const problem = rights.problem.value;
  const back = (
    <button type="button" class="skc-link" onClick={() => model.go('chat')}>
      {copy.back}
    </button>
  );
  const alert = problem && (
    <p class={problem === 'code_sent' ? 'skc-hint' : 'skc-error'} role={problem === 'code_sent' ? 'status' : 'alert'}>
      {copy.problems[problem]}
      {problem === 'wrong_code' && rights.attemptsLeft.value !== undefined && ` ${copy.attemptsLeft(rights.attemptsLeft.value)}`}
    </p>
  );

  if (flow.step === 'choose') {
    return (
      <div class="skc-view">
        <h3 tabIndex={-1} data-focus>
          {copy.rightsTitle}
        </h3>
        <ul class="skc-kinds">
          {KINDS.map((kind) => (
            <li key={kind}>
              <button type="button" class="skc-choice" onClick={() => rights.pick(kind)}>
                {copy.kinds[kind]}
              </button>
            </li>
          ))}
        </ul>
        {back}
      </div>
    );
  }

  if (flow.step === 'form') {
    const values = rights.fields.value;
    const problems = rights.fieldProblems.value;
    return (
      <form
        class="skc-view"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          // Focus goes to the first field to fix, once the messages are drawn.
          if (!rights.review()) setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid]')?.focus());
        }}
      >
        <h3>{copy.kinds[flow.kind]}</h3>
        {FIELDS[flow.kind].map((name, i) => {
          const id = `skc-f-${name}`;
          const bad = problems[name];
          const describedBy = [bad && `${id}-error`, name === 'email' && `${id}-hint`].filter(Boolean).join(' ') || undefined;
          const common = {
            id,
            name,
            'data-focus': i === 0 ? true : undefined,
            'aria-invalid': bad ? true : undefined,
            'aria-describedby': describedBy,
            value: values[name] ?? '',
            onInput: (e: Event) => rights.setField(name, (e.currentTarget as HTMLInputElement).value),
          };
          return (
            <div class="skc-field" key={name}>
              <label for={id}>{copy.fields[name]}</label>
              {name === 'purpose' ? (
                <select {...common} onChange={common.onInput}>
                  <option value="">–</option>
                  {PURPOSES.map((p) => (
                    <option key={p} value={p}>
                      {copy.purposes[p]}
                    </option>
                  ))}
                </select>
              ) : LONG.includes(name) ? (
                <textarea {...common} rows={3} maxLength={2000} />
              ) : name === 'email' ? (
                <input {...common} type="email" autocomplete="email" maxLength={254} />
              ) : (
                <input {...common} type="text" autocomplete="name" maxLength={200} />
              )}
              {name === 'email' && (
                <p id={`${id}-hint`} class="skc-hint">
                  {copy.emailHint}
                </p>
              )}
              {bad && (
                <p id={`${id}-error`} class="skc-error">
                  {copy.invalid[bad]}
                </p>
              )}
            </div>
          );
        })}
        <div class="skc-row">
          <button type="submit" class="skc-primary">
            {copy.review}
          </button>
          <button type="button" onClick={() => rights.start()}>
            {copy.cancel}
          </button>
        </div>
      </form>
    );
  }

  if (flow.step === 'confirm') {
    const body = flow.body as Record<string, string>;
    return (
      <div class="skc-view">
        <h3 tabIndex={-1} data-focus>
          {copy.summaryTitle}
        </h3>
        <dl class="skc-summary">
          <dt>{copy.rightsTitle}</dt>
          <dd>{copy.kinds[flow.kind]}</dd>
          {FIELDS[flow.kind].map((name) => (
            <>
              <dt>{copy.fields[name]}</dt>
              <dd>{name === 'purpose' ? copy.purposes[body[name] as Purpose] : body[name]}</dd>
            </>
          ))}
        </dl>
        {alert}
        <div class="skc-row">
          <button type="button" class="skc-primary" disabled={busy} onClick={() => void rights.submit()}>
            {copy.confirm}
          </button>
          <button type="button" onClick={() => rights.edit()}>
            {copy.edit}
          </button>
        </div>
      </div>
    );
  }

  if (flow.step === 'code') return <CodeEntry model={model} alert={alert} />;

  const request = rights.requests.value.find((r) => r.id === flow.id);
  return (
    <div class="skc-view">
      <h3 tabIndex={-1} data-focus>
        {copy.doneTitle}
      </h3>
      {request && <RequestStatus request={request} model={model} />}
      <p class="skc-hint">{copy.deadlineNote}</p>
      {back}
    </div>
  );
}

function CodeEntry({ model, alert }: { model: ChatModel; alert: unknown }) {
  const { copy, rights } = model;
  const code = useSignal('');
  return (
    <form
      class="skc-view"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void rights.verify(code.value);
      }}
    >
      <h3>{copy.codeTitle}</h3>
      <p>{copy.codeText}</p>
      <div class="skc-field">
        <label for="skc-code">{copy.codeLabel}</label>
        <input
          id="skc-code"
          data-focus
          inputMode="numeric"
          autocomplete="one-time-code"
          maxLength={9}
          class="skc-code"
          value={code}
          onInput={(e) => (code.value = e.currentTarget.value)}
        />
      </div>
      {alert}
      <div class="skc-row">
        <button type="submit" class="skc-primary" disabled={rights.busy.value}>
          {copy.verify}
        </button>
        <button type="button" disabled={rights.busy.value} onClick={() => void rights.resend()}>
          {copy.resend}
        </button>
      </div>
      <button type="button" class="skc-link" onClick={() => model.go('chat')}>
        {copy.back}
      </button>
    </form>
  );
}
