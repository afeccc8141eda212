import { z } from 'zod';
import { Lang, SiteKey } from './config.ts';
import { LegalBasis } from './consent.ts';
import { plain, plainText } from './text.ts';

const origin = plain(z.string().regex(/^https?:\/\/[^/\s?#]+$/, 'must be an origin like https://www.example.no (scheme and host, no path)'));

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2024-02-11');

/** Copy in each language the widget speaks. */
const Localised = z.object({ nb: plainText(2000), en: plainText(2000) }).strict();

/**
 * The site's own wording of a text we also word ourselves, in either language or both: a language
 * left out is shown in our wording. Shown as plain text (never Markdown or HTML); the policy link
 * is put after it by the server.
 */
const OwnWording = z.object({ nb: plainText(2000).optional(), en: plainText(2000).optional() }).strict();

/** The cookie categories. `necessary` is always on and needs no consent (ekomloven § 2-7b, second paragraph). */
export const CookieCategory = z.enum(['necessary', 'statistics', 'marketing', 'followup']);
export type CookieCategory = z.infer<typeof CookieCategory>;
export type OptionalCategory = Exclude<CookieCategory, 'necessary'>;
export const OPTIONAL_CATEGORIES = ['statistics', 'marketing', 'followup'] as const satisfies readonly OptionalCategory[];

/** A cookie (or storage key) a service sets; a trailing `*` names every cookie with that prefix. */
export const DeclaredCookie = z
  .object({
    // `:` too, for a storage key such as the widget's own `samtykke:choice` (no cookie name has one).
    name: z.string().regex(/^[!#$%&'+\-.:^_`|~0-9A-Za-z]+\*?$/, 'must be a cookie name or storage key, optionally ending in * for a prefix'),
    /** How long it lives, in words: "2 år", "until the browser closes". */
    duration: Localised,
    /**
     * Set on the site's own domain, so the widget can delete it when consent is withdrawn.
     * @default true
     */
    firstParty: z.boolean().default(true),
  })
  .strict();

/** A third party (or the site itself) doing something in a category. */
export const DeclaredService = z
  .object({
    name: plainText(120),
    /** Who runs it and receives the data. */
    provider: plainText(200),
    purpose: Localised,
    privacyUrl: plain(z.url({ protocol: /^https?$/ })).optional(),
    cookies: z.array(DeclaredCookie).max(50).default([]),
  })
  .strict();

/** One optional category the site uses: what for, who gets the data, how long it is kept. */
export const CategorySettings = z
  .object({
    /** Overrides the built-in explanation of why. */
    purpose: Localised.optional(),
    recipients: Localised,
    retention: Localised,
    services: z.array(DeclaredService).min(1, 'declare at least one service, or leave the category out').max(30),
  })
  .strict();

/** Where the small "Personvern" button sits; `hidden` when the site links to the settings itself. */
export const LauncherPosition = z.enum(['bottom-left', 'bottom-right', 'hidden']);
export type LauncherPosition = z.infer<typeof LauncherPosition>;

/**
 * The cookie and tracking notice. Only the optional categories listed here are asked about; a
 * site that lists none gets no notice, because there is nothing to consent to.
 */
export const CookieSettings = z
  .object({
    /**
     * Months a choice is kept before the notice asks again.
     * @default 12
     */
    lifetimeMonths: z.number().int().min(1).max(24).default(12),
    /** @default 'bottom-left' */
    launcher: LauncherPosition.default('bottom-left'),
    /** Services the site cannot work without; shown, never asked about. */
    necessary: z.object({ services: z.array(DeclaredService).max(30).default([]) }).strict().default({ services: [] }),
    statistics: CategorySettings.optional(),
    marketing: CategorySettings.optional(),
    followup: CategorySettings.optional(),
    /** Overrides the first layer's main text (`{company}` is replaced by the name, `{months}` by `lifetimeMonths`). */
    intro: OwnWording.optional(),
  })
  .strict();
export type CookieSettings = z.infer<typeof CookieSettings>;

export const ChatSettings = z
  .object({
    /** The data protection contact, told by email of each verified rights request (no personal data in it). */
    dpoEmail: z.email().max(254).optional(),
    /**
     * Prefix of rights request references: `NF` gives `NF-2026-000123`.
     * @default 'REQ'
     */
    referencePrefix: z.string().regex(/^[A-Z]{2,6}$/, 'must be 2–6 capital letters').default('REQ'),
  })
  .strict();

/** How a marked form asks: opt-in consent (the default) or opt-out for existing customers. */
export const FormSettings = z
  .object({
    /**
     * `existing-customer` shows an opt-out box instead of an opt-in box: customers are subscribed
     * by default and can say no at any time (soft opt-in). Only for forms that existing customers use.
     * @default 'consent'
     */
    basis: LegalBasis.exclude(['gpc-refusal']).default('consent'),
    /**
     * Double opt-in: after a grant on this form the person is sent a link to confirm that the
     * address is theirs. Unconfirmed grants expire after `expiresAfterDays` (and the person leaves
     * the marketing list). Absent: off. Not for `existing-customer` forms (nothing is granted there).
     */
    doubleOptIn: z
      .object({
        /** @default 7 */
        expiresAfterDays: z.number().int().min(1).max(30).default(7),
      })
      .strict()
      .optional(),
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
    name: plainText(120),
    /** Pages on these origins may write consent for this site. */
    origins: z.array(origin).min(1).max(50),
    policy: z
      .object({
        url: plain(z.url({ protocol: /^https?$/ })),
        /** The policy's publication date; a new one makes stored choices stale. */
        version: date,
        /** One line on what changed, shown when the notice comes back. */
        changeSummary: Localised.optional(),
        /**
         * Sent with a save through the console API: the version saved changes the policy
         * materially, so besides the notice coming back, everyone with active marketing consent is
         * told by email, once per version. Said of that save's version only: the console API acts
         * on it and neither keeps nor shows it, so a document read back never carries it into a
         * later save.
         * @default false
         */
        materialChange: z.boolean().optional(),
      })
      .strict(),
    /** Override the built-in marketing consent text, per language (`{company}` is replaced by the name). */
    texts: z
      .object({ marketingEmail: OwnWording.optional(), marketingEmailOptOut: OwnWording.optional() })
      .strict()
      .default({}),
    /** Per `data-samtykke-form-id`. Forms not listed ask for opt-in consent. */
    forms: z.record(plainText(120), FormSettings).default({}),
    cookies: CookieSettings.default({ lifetimeMonths: 12, launcher: 'bottom-left', necessary: { services: [] } }),
    /**
     * Keep a truncated IP address (IPv4 /24, IPv6 /48) with each record. Never the whole address.
     * @default 'none'
     */
    ipAddress: z.enum(['none', 'truncated']).default('none'),
    /** The privacy chat: who hears of rights requests and how their references look. */
    chat: ChatSettings.default({ referencePrefix: 'REQ' }),
  })
  .strict();
export type SiteSettings = z.infer<typeof SiteSettings>;
export type SiteSettingsInput = z.input<typeof SiteSettings>;

/** One version of a text shown to visitors, with its SHA-256 so a proof can point at it. */
export const ShownText = z.object({ hash: z.string(), text: z.string(), linkText: z.string() });
export type ShownText = z.infer<typeof ShownText>;

/** A declared service as the widget shows it, in the visitor's language. */
export const ServiceView = z.object({
  name: z.string(),
  provider: z.string(),
  purpose: z.string(),
  privacyUrl: z.string().optional(),
  cookies: z.array(z.object({ name: z.string(), duration: z.string(), firstParty: z.boolean() })),
});
export type ServiceView = z.infer<typeof ServiceView>;

export const CategoryView = z.object({
  id: CookieCategory,
  title: z.string(),
  purpose: z.string(),
  recipients: z.string(),
  retention: z.string(),
  services: z.array(ServiceView),
});
export type CategoryView = z.infer<typeof CategoryView>;

/** Every word of the notice and its dialog, so the proof's hash covers exactly what was shown. */
export const NoticeTexts = z.object({
  title: z.string(),
  intro: z.string(),
  accept: z.string(),
  reject: z.string(),
  choose: z.string(),
  policyLink: z.string(),
  /** Shown instead of asking when the browser sends Global Privacy Control. */
  gpc: z.string(),
  ok: z.string(),
  /** Label before the policy's change summary. */
  changed: z.string(),
  prefsTitle: z.string(),
  prefsIntro: z.string(),
  save: z.string(),
  close: z.string(),
  alwaysOn: z.string(),
  purpose: z.string(),
  recipients: z.string(),
  retention: z.string(),
  services: z.string(),
  cookie: z.string(),
  duration: z.string(),
  /** The persistent button that reopens the settings. */
  launcher: z.string(),
  /** Placeholder of a blocked iframe; `{category}` and `{host}` are filled in by the widget. */
  embed: z.string(),
  embedLoad: z.string(),
});
export type NoticeTexts = z.infer<typeof NoticeTexts>;

/** The notice for one language, with the SHA-256 of the stored text version the widget cites. */
export const CookieConfig = z.object({
  hash: z.string(),
  lifetimeMonths: z.number(),
  launcher: LauncherPosition,
  texts: NoticeTexts,
  /** `necessary` first, then the optional categories the site declared. */
  categories: z.array(CategoryView),
});
export type CookieConfig = z.infer<typeof CookieConfig>;

/**
 * The stored text version a cookie choice cites (its SHA-256 is the choice's `notice.textHash`):
 * every word of both layers, the categories as declared, and the policy they pointed to. The
 * console draws the proof's "text shown" from it. Not strict: a future field must not hide an old proof.
 */
export const StoredCookieNotice = z.object({
  texts: NoticeTexts,
  categories: z.array(CategoryView),
  policyUrl: z.string(),
  policyVersion: z.string(),
  changeSummary: z.string().optional(),
});
export type StoredCookieNotice = z.infer<typeof StoredCookieNotice>;

/** `GET /v1/sites/:key/config`: what the widget needs to draw itself for this site. */
export const SiteConfig = z.object({
  site: z.object({ key: z.string(), name: z.string() }),
  policy: z.object({ url: z.string(), version: z.string(), changeSummary: z.string().optional() }),
  lang: Lang,
  texts: z.object({ marketingEmail: ShownText, marketingEmailOptOut: ShownText }),
  forms: z.record(z.string(), z.object({ basis: LegalBasis })),
  cookies: CookieConfig.optional(),
});
export type SiteConfig = z.infer<typeof SiteConfig>;

/**
 * The words of the first layer and of the "Personvern" button: all of the notice the loader draws
 * itself. The rest (the dialog, the GPC note, embed placeholders) is drawn by chunks.
 */
export const FirstLayerTexts = NoticeTexts.pick({ title: true, intro: true, accept: true, reject: true, choose: true, policyLink: true, changed: true, launcher: true });
export type FirstLayerTexts = z.infer<typeof FirstLayerTexts>;

/**
 * What the per-site script (`/s/<key>.js`) carries on every page: the settings route's answer
 * without what only the lazy chunks draw. The categories keep their ids (the choice is stored
 * per category, and one optional category is what makes the notice ask); their descriptions,
 * services and cookies are fetched with the full settings when the visitor opens the second
 * layer. The full answer cost every page about 900 bytes gzip for the demo site, and grew with
 * every service a site declares (issue 18: every page must stay below the smallest banner's bytes).
 * `cookies.hash` is the full notice's: the proof cites the stored version these words are part of.
 */
export const FirstLayerConfig = SiteConfig.extend({
  cookies: CookieConfig.extend({ texts: FirstLayerTexts, categories: z.array(z.object({ id: CookieCategory })) }).optional(),
});
export type FirstLayerConfig = z.infer<typeof FirstLayerConfig>;

/** The first layer's part of a site's settings; `parse` drops every key the schema does not name. */
export const firstLayerOf = (config: SiteConfig): FirstLayerConfig => FirstLayerConfig.parse(config);
