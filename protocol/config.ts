import { z } from 'zod';

/** Languages the widget speaks. The first one is the default. */
export const Lang = z.enum(['nb', 'en']);
export type Lang = z.infer<typeof Lang>;

/** A public site key as printed by the server: `pk_` and 8–64 URL-safe characters. */
export const SiteKey = z.string().regex(/^pk_[A-Za-z0-9_-]{8,64}$/, 'must look like pk_ followed by 8–64 letters, digits, _ or -');

const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * The site owner's whole configuration: the `data-*` attributes of our own script tag.
 * The loader checks these by hand (`widget/boot/script-config.ts`) because zod is too heavy
 * for the first load; `script-config.test.ts` holds the hand check to this schema.
 */
export const WidgetConfig = z.object({
  /** `data-site`: the public site key. Required. */
  site: SiteKey,
  /**
   * `data-api`: where the server is.
   * @default the origin of the script's own `src`
   */
  api: httpUrl,
  /**
   * `data-lang`: the widget's language.
   * @default the page's `<html lang>`, then `nb`
   */
  lang: Lang,
  /**
   * `data-policy-url`: the privacy policy to link to.
   * @default the policy URL the server has for the site
   */
  policyUrl: httpUrl.optional(),
});
export type WidgetConfig = z.infer<typeof WidgetConfig>;
