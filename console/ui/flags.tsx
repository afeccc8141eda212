import { t } from '../i18n/index.ts';

/** Restriction, objection and erasure, shown wherever a subject appears. */
export function Flags({ restricted, objected, erased }: { restricted: boolean; objected: boolean; erased: boolean }) {
  const s = t.value.consents.flags;
  return (
    <>
      {restricted && <span class="badge warn">{s.restricted}</span>}
      {objected && <span class="badge warn">{s.objected}</span>}
      {erased && <span class="badge muted">{s.erased}</span>}
    </>
  );
}
