import { afterEach, describe, expect, it, vi } from 'vitest';
import { saveFile } from './save-file.ts';

describe('saveFile', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('clicks a temporary download link inside the given shadow root, then removes it and revokes its URL', () => {
    vi.useFakeTimers();
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    const blob = new Blob(['{"consents":[]}'], { type: 'application/json' });
    const create = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:https://demo.example/1');
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicked: { download: string; href: string; root: Node; inPage: boolean }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href, root: this.getRootNode(), inPage: document.body.contains(this) });
    });

    saveFile(blob, 'NF-2026-000123.json', shadow);

    expect(create).toHaveBeenCalledWith(blob);
    expect(clicked).toEqual([{ download: 'NF-2026-000123.json', href: 'blob:https://demo.example/1', root: shadow, inPage: false }]);
    expect(shadow.querySelector('a')).toBeNull();
    expect(revoke).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(revoke).toHaveBeenCalledWith('blob:https://demo.example/1');
    host.remove();
  });
});
