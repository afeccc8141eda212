import { formatDate } from './copy.ts';
import type { ChatModel } from './model.ts';
import { isFinal } from './rights-model.ts';
import type { SavedRequest } from './store.ts';

/** Where each request stands: never personal data, only kind, status, reference and deadline. */
export function RequestStatus({ request, model }: { request: SavedRequest; model: ChatModel }) {
  const { copy, lang } = model;
  return (
    <dl class="skc-summary">
      {request.reference && (
        <>
          <dt>{copy.reference}</dt>
          <dd class="skc-reference">{request.reference}</dd>
        </>
      )}
      {request.dueAt && (
        <>
          <dt>{copy.dueAt}</dt>
          <dd>
            <time dateTime={request.dueAt}>{formatDate(request.dueAt, lang)}</time>
          </dd>
        </>
      )}
      <dt>{copy.statusLabel}</dt>
      <dd>{copy.status[request.status]}</dd>
    </dl>
  );
}

export function RequestList({ model }: { model: ChatModel }) {
  const { copy, rights } = model;
  const requests = rights.requests.value;
  if (!requests.length) return null;
  return (
    <section class="skc-requests" aria-labelledby="skc-requests-title">
      <h3 id="skc-requests-title">{copy.yourRequests}</h3>
      <ul>
        {requests.map((request) => (
          <li key={request.id}>
            <p class="skc-answer-title">{copy.kinds[request.kind]}</p>
            <RequestStatus request={request} model={model} />
            <div class="skc-row">
              {request.status === 'awaiting-verification' && (
                <button
                  type="button"
                  onClick={() => {
                    model.go('rights');
                    rights.enterCode(request.id);
                  }}
                >
                  {copy.enterCode}
                </button>
              )}
              {!isFinal(request.status) && (
                <button type="button" disabled={rights.busy.value} onClick={() => void rights.withdraw(request.id)}>
                  {copy.withdraw}
                  <span class="skc-vh">: {copy.kinds[request.kind]}</span>
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {rights.problem.value && model.view.value === 'chat' && (
        <p class="skc-error" role="alert">
          {copy.problems[rights.problem.value]}
        </p>
      )}
    </section>
  );
}
