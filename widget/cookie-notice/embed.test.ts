import { afterEach, describe, expect, it } from 'vitest';
import { cookieNotice } from '../../server/services/cookie-notice.ts';
import { siteSettings } from '../../server/testing.ts';
import { SiteSettings } from '../../protocol/index.ts';
import { embedPlaceholder } from './embed.ts';

afterEach(() => {
  document.body.replaceChildren();
});

describe('the placeholder of a blocked frame', () => {
  it.each(['nb', 'en'] as const)('names the frame’s host wherever our %s text says {host}, and leaves no placeholder behind', (lang) => {
    // Our own default wording, as the server serves it: it names the host twice.
    const texts = cookieNotice(SiteSettings.parse(siteSettings()), lang).config.texts;
    expect(texts.embed.split('{host}').length - 1).toBeGreaterThan(1);
    const frame = document.createElement('iframe');
    frame.dataset.samtykkeSrc = 'https://video.example/embed/1';
    document.body.append(frame);
    const shown = embedPlaceholder(frame, texts, 'marketing').shadowRoot!.querySelector('p')!.textContent!;
    expect(shown).not.toMatch(/[{}]/);
    expect(shown.split('video.example').length - 1).toBe(texts.embed.split('{host}').length - 1);
    expect(shown).toContain('marketing');
  });
});

describe('the demo site’s declaration of what Samtykke keeps', () => {
  it('names the storage entry the widget really writes, not a cookie it never sets', async () => {
    const { DEMO_COOKIES } = await import('../../server/demo-cookies.ts');
    const { CHOICE_KEY } = await import('./storage.ts');
    const ours = DEMO_COOKIES.necessary!.services!.find((s) => s.name === 'Samtykke')!;
    const cookies = ours.cookies ?? [];
    expect(cookies.map((c) => c.name)).toEqual([CHOICE_KEY]);
    expect(cookies[0]!.duration.nb).toMatch(/localStorage/);
    expect(cookies[0]!.duration.en).toMatch(/localStorage/);
  });
});
