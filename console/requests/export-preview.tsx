/** @module The access/portability export as built, for staff to check before completing the request releases it. */
import { downloadUrl } from '../api/client.ts';
import { formatTime, t } from '../i18n/index.ts';
import * as model from './model.ts';

export function ExportPreview({ id, expiresAt }: { id: string; expiresAt: string }) {
  const s = t.value.requests;
  const p = model.preview.value;
  const path = `/requests/${encodeURIComponent(id)}/export`;
  return (
    <section class="panel" aria-labelledby="export-h">
      <h2 id="export-h">{s.exportTitle}</h2>
      <p>{s.exportReleased(formatTime(expiresAt))}</p>
      <div class="actions">
        <button type="button" aria-expanded={p ? 'true' : 'false'} aria-controls="export-preview" onClick={() => (p ? (model.preview.value = undefined) : void model.loadPreview())}>
          {p ? s.hidePreview : s.showPreview}
        </button>
        <a class="button" href={downloadUrl(path, { format: 'json', download: '1' })} download>{s.downloadJson}</a>
        <a class="button" href={downloadUrl(path, { format: 'csv', download: '1' })} download>{s.downloadCsv}</a>
        <a class="button" href={downloadUrl(path, { format: 'csv', separator: 'semicolon', download: '1' })} download>{s.downloadCsvSemicolon}</a>
      </div>
      {p && (
        <div id="export-preview">
          <p role="status">{s.previewSummary(p.consents.length, p.chats.length, p.requests.length)}</p>
          <pre class="export-json" tabIndex={0} aria-label={s.exportTitle}>{p.text}</pre>
        </div>
      )}
    </section>
  );
}
