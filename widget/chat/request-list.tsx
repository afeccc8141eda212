import { formatDate } from './copy.ts';
import type { ChatModel } from './model.ts';
import { isFinal } from './rights-model.ts';
import { saveFile } from './save-file.ts';
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

/** A completed access or portability request has a copy to download, for as long as the server keeps it. */
const hasCopy = (r: SavedRequest) => r.status === 'completed' && (r.kind === 'access' || r.kind === 'portability');

export function RequestList({ model }: { model: ChatModel }) {
  const { copy, rights } = model;
  const requests = rights.requests.value;
  const copyProblem = rights.copyProblem.value;
  const download = async (event: Event, id: string) => {
    // The button's root is our shadow root; read before the await, while the event is current.
    const root = (event.currentTarget as Node).getRootNode();
    const file = await rights.fetchCopy(id);
    try {
      if (file) saveFile(file.blob, file.name, root);
    } catch {
      // Never into the host page (invariant 6): the visitor is told, and can try again.
      rights.copyProblem.value = { id, key: 'failed' };
    }
  };
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
              {hasCopy(request) && (
                <button type="button" disabled={rights.busy.value} onClick={(e) => void download(e, request.id)}>
                  {copy.download}
                  <span class="skc-vh">: {copy.kinds[request.kind]}</span>
                </button>
              )}
              {!isFinal(request.status) && (
                <button type="button" disabled={rights.busy.value} onClick={() => void rights.withdraw(request.id)}>
                  {copy.withdraw}
                  <span class="skc-vh">: {copy.kinds[request.kind]}</span>
                </button>
              )}
            </div>
            {copyProblem?.id === request.id && (
              <p class="skc-error" role="alert">
                {copy.problems[copyProblem.key]}
              </p>
            )}
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
