import { z } from 'zod';
import { Lang } from './config.ts';
import { plain } from './text.ts';

/** About thirty printed pages: far above any real policy (the demo's is 9,000 characters). */
export const MAX_POLICY_CHARS = 100_000;

/**
 * `PUT /console/api/sites/:key/policies/:lang` (owner) and `npm run admin -- policy`: the site's
 * privacy policy in one language, as Markdown, for the chat to answer from and for the server to
 * publish at `/policy/:key/:lang`. `url` is where answers link to (`url#section`); without it,
 * that published page, whose anchors always match the headings.
 */
export const PolicyUploadBody = z
  .object({
    markdown: plain(z.string().max(MAX_POLICY_CHARS, `must be at most ${MAX_POLICY_CHARS} characters`)).refine((v) => v.trim() !== '', 'must not be empty'),
    url: plain(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048)).nullish(),
  })
  .strict();
export type PolicyUploadBody = z.infer<typeof PolicyUploadBody>;

/**
 * `POST /console/api/sites/:key/policies/:lang/import` (owner): read the policy from an address on
 * one of the site's own origins (plain text, HTML or Markdown) and save it as that language's text.
 * The server re-reads it daily.
 */
export const PolicyImportBody = z
  .object({ url: plain(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048)) })
  .strict();
export type PolicyImportBody = z.infer<typeof PolicyImportBody>;

/** One language version of a site's policy as the console shows it. */
export interface PolicySummary {
  lang: Lang;
  markdown: string;
  /** Where the chat's answers link to. */
  url: string;
  /** The site's policy version (publication date) when this text was saved. */
  version: string;
  updatedAt: string;
  /** The document's title and how many parts the chat can answer from. */
  title: string;
  sections: number;
  /** When the text was imported from an address: where, when it was last read, and when a daily re-read last found it changed. */
  imported?: { url: string; checkedAt: string; changedAt: string | null };
}

/** `GET /console/api/sites/:key/policies`. */
export interface SitePolicies {
  /** Each language the site has a policy in. */
  policies: PolicySummary[];
  /** The site's current policy version: a text saved under an older one may be out of date. */
  currentVersion: string;
  /** Where the server publishes each language's text. */
  published: Record<Lang, string>;
}
