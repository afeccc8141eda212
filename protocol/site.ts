import { z } from 'zod';
import { Lang, SiteKey } from './config.ts';
import { LegalBasis } from './consent.ts';

const origin = z
  .string()
  .regex(/^https?:\/\/[^/\s?#]+$/, 'must be an origin like https://www.example.no (scheme and host, no path)');

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2024-02-11');

/** Copy in each language the widget speaks. */
const Localised = z.object({ nb: z.string().min(1).max(2000), en: z.string().min(1).max(2000) }).strict();

/** How a marked form asks: opt-in consent (the default) or opt-out for existing customers. */
export const FormSettings = z
  .object({
    /**
     * `existing-customer` shows an opt-out box instead of an opt-in box: customers are subscribed
     * by default and can say no at any time (soft opt-in). Only for forms that existing customers use.
     * @default 'consent'
     */
    basis: LegalBasis.exclude(['gpc-refusal']).default('consent'),
  })
  .strict();

/**
 * The site owner's document for one site: validated when the server loads or saves it, so a
 * mistake fails at start-up with a message, never at visitor time.
 */
export const SiteSettings = z
  .object({
    key: SiteKey,
    /** The company name shown in the consent text. */
    name: z.string().min(1).max(120),
    /** Pages on these origins may write consent for this site. */
    origins: z.array(origin).min(1).max(50),
    policy: z
      .object({
        url: z.url({ protocol: /^https?$/ }),
        /** The policy's publication date; a new one makes stored choices stale. */
        version: date,
        /** One line on what changed, shown when the notice comes back. */
        changeSummary: Localised.optional(),
      })
      .strict(),
    /** Override the built-in marketing consent text (`{company}` is replaced by the name). */
    texts: z
      .object({ marketingEmail: Localised.optional(), marketingEmailOptOut: Localised.optional() })
      .strict()
      .default({}),
    /** Per `data-samtykke-form-id`. Forms not listed ask for opt-in consent. */
    forms: z.record(z.string().min(1).max(120), FormSettings).default({}),
    /**
     * Keep a truncated IP address (IPv4 /24, IPv6 /48) with each record. Never the whole address.
     * @default 'none'
     */
    ipAddress: z.enum(['none', 'truncated']).default('none'),
  })
  .strict();
export type SiteSettings = z.infer<typeof SiteSettings>;
export type SiteSettingsInput = z.input<typeof SiteSettings>;

/** One version of a text shown to visitors, with its SHA-256 so a proof can point at it. */
export const ShownText = z.object({ hash: z.string(), text: z.string(), linkText: z.string() });
export type ShownText = z.infer<typeof ShownText>;

/** `GET /v1/sites/:key/config`: what the widget needs to draw itself for this site. */
export const SiteConfig = z.object({
  site: z.object({ key: z.string(), name: z.string() }),
  policy: z.object({ url: z.string(), version: z.string(), changeSummary: z.string().optional() }),
  lang: Lang,
  texts: z.object({ marketingEmail: ShownText, marketingEmailOptOut: ShownText }),
  forms: z.record(z.string(), z.object({ basis: LegalBasis })),
});
export type SiteConfig = z.infer<typeof SiteConfig>;
