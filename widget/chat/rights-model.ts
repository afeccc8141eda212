import { batch, signal } from '@preact/signals';
import type { Lang, RightsKind, RightsRequestBody, RightsRequestStatus, RightsStatus } from '../../protocol/index.ts';
import type { ChatClient, Result } from './client.ts';
import type { FieldName, ProblemKey } from './copy.ts';
import type { ChatStore, SavedRequest } from './store.ts';
import { checkRequest, normaliseCode, type FieldProblem } from './validate.ts';

export type Flow =
  | { step: 'choose' }
  | { step: 'form'; kind: RightsKind }
  | { step: 'confirm'; kind: RightsKind; body: RightsRequestBody }
  | { step: 'code'; id: string }
  | { step: 'done'; id: string };

/** Statuses that no longer change: nothing to refresh, nothing to withdraw. */
const FINAL: RightsStatus[] = ['completed', 'rejected', 'withdrawn', 'expired'];
export const isFinal = (status: RightsStatus) => FINAL.includes(status);

const VERIFY_ERRORS: ProblemKey[] = ['wrong_code', 'code_expired', 'too_many_attempts', 'already_verified'];

export interface RightsModelOptions {
  client: ChatClient;
  store: ChatStore;
  site: string;
  lang: Lang;
  /** Links a request to the chat it came from, when there is one. */
  conversationId: () => string | undefined;
}

export type RightsModel = ReturnType<typeof createRightsModel>;

/** The guided rights request: choose → only the fields that right needs → summary → send → code → reference. */
export function createRightsModel({ client, store, site, lang, conversationId }: RightsModelOptions) {
  const flow = signal<Flow>({ step: 'choose' });
  const fields = signal<Partial<Record<FieldName, string>>>({});
  const fieldProblems = signal<Partial<Record<FieldName, FieldProblem>>>({});
  const problem = signal<ProblemKey | undefined>(undefined);
  /** Tries left after a wrong code, when the server said. */
  const attemptsLeft = signal<number | undefined>(undefined);
  const busy = signal(false);
  const requests = signal<SavedRequest[]>([]);
  /** Why the copy of one request could not be downloaded, said beside that request. */
  const copyProblem = signal<{ id: string; key: ProblemKey } | undefined>(undefined);

  const failure = (res: Result<unknown> & { ok: false }): ProblemKey => (res.status === 0 ? 'offline' : 'failed');

  const save = async (id: string, status: RightsRequestStatus) => {
    const current = requests.value.find((r) => r.id === id);
    if (!current) return;
    const next: SavedRequest = { ...current, status: status.status, reference: status.reference, receivedAt: status.receivedAt, dueAt: status.dueAt };
    requests.value = requests.value.map((r) => (r.id === id ? next : r));
    await store.putRequest(next);
  };

  const credentials = (id: string) => requests.value.find((r) => r.id === id);

  /** Runs one call at a time with `busy` set, so a double click sends once. */
  const once = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    if (busy.value) return;
    busy.value = true;
    problem.value = undefined;
    try {
      return await fn();
    } finally {
      busy.value = false;
    }
  };

  return {
    flow,
    fields,
    fieldProblems,
    problem,
    attemptsLeft,
    busy,
    requests,
    copyProblem,
    restore(saved: SavedRequest[]) {
      requests.value = saved;
    },
    start() {
      batch(() => {
        flow.value = { step: 'choose' };
        fieldProblems.value = {};
        problem.value = undefined;
      });
    },
    pick(kind: RightsKind) {
      batch(() => {
        flow.value = { step: 'form', kind };
        fieldProblems.value = {};
      });
    },
    setField(name: FieldName, value: string) {
      fields.value = { ...fields.value, [name]: value };
      if (fieldProblems.value[name]) fieldProblems.value = { ...fieldProblems.value, [name]: undefined };
    },
    /** Checks the fields and shows the summary, or says what to fix. */
    review(): boolean {
      const f = flow.value;
      if (f.step !== 'form') return false;
      const checked = checkRequest(f.kind, fields.value);
      if (!checked.ok) {
        fieldProblems.value = checked.problems;
        return false;
      }
      flow.value = { step: 'confirm', kind: f.kind, body: checked.body };
      return true;
    },
    edit() {
      const f = flow.value;
      if (f.step === 'confirm') flow.value = { step: 'form', kind: f.kind };
    },
    submit: () =>
      once(async () => {
        const f = flow.value;
        if (f.step !== 'confirm') return;
        const conversation = conversationId();
        const res = await client.createRequest({ lang, request: f.body, ...(conversation ? { conversationId: conversation } : {}) });
        if (!res.ok) return void (problem.value = failure(res));
        const saved: SavedRequest = { id: res.data.id, token: res.data.token, site, kind: f.kind, status: res.data.status };
        // Kept before the code step shows, so the request is found again after a reload.
        await store.putRequest(saved);
        batch(() => {
          requests.value = [...requests.value, saved];
          // Sent: the browser forgets the name and email; the server has them, behind the code.
          fields.value = {};
          flow.value = { step: 'code', id: saved.id };
        });
      }),
    verify: (input: string) =>
      once(async () => {
        const f = flow.value;
        const request = f.step === 'code' ? credentials(f.id) : undefined;
        if (!request) return;
        const code = normaliseCode(input);
        if (!code) return void (problem.value = 'code_format');
        const res = await client.verify(request, code);
        if (res.ok) {
          await save(request.id, res.data);
          flow.value = { step: 'done', id: request.id };
          return;
        }
        if (res.error === 'already_verified') {
          const status = await client.status(request);
          if (status.ok) await save(request.id, status.data);
          flow.value = { step: 'done', id: request.id };
          return;
        }
        batch(() => {
          attemptsLeft.value = res.attemptsLeft;
          problem.value = VERIFY_ERRORS.includes(res.error as ProblemKey) ? (res.error as ProblemKey) : failure(res);
        });
      }),
    resend: () =>
      once(async () => {
        const f = flow.value;
        const request = f.step === 'code' ? credentials(f.id) : undefined;
        if (!request) return;
        const res = await client.resend(request);
        problem.value = res.ok ? 'code_sent' : failure(res);
      }),
    enterCode(id: string) {
      batch(() => {
        problem.value = undefined;
        flow.value = { step: 'code', id };
      });
    },
    withdraw: (id: string) =>
      once(async () => {
        const request = credentials(id);
        if (!request) return;
        const res = await client.withdraw(request);
        if (res.ok) await save(id, res.data);
        else problem.value = failure(res);
      }),
    /**
     * The export staff built for a completed access or portability request, as a file to save, or
     * undefined with `copyProblem` saying why (the link lasts 14 days: 410 once it is over).
     */
    fetchCopy: (id: string) =>
      once(async () => {
        const request = credentials(id);
        if (!request) return;
        copyProblem.value = undefined;
        const res = await client.exportFile(request);
        if (res.ok) return { blob: res.data, name: `${request.reference ?? request.id}.json` };
        copyProblem.value = { id, key: res.status === 410 ? 'export_expired' : res.status === 404 ? 'no_export' : failure(res) };
      }),
    /** The status of each open request, so a later visit shows where it stands. */
    async refresh() {
      for (const request of requests.value.filter((r) => !isFinal(r.status))) {
        const res = await client.status(request);
        if (res.ok) await save(request.id, res.data);
      }
    },
    reset() {
      batch(() => {
        requests.value = [];
        fields.value = {};
        fieldProblems.value = {};
        problem.value = undefined;
        copyProblem.value = undefined;
        flow.value = { step: 'choose' };
      });
    },
  };
}
