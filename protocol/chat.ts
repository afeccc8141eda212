import { z } from 'zod';
import { Lang } from './config.ts';
import { RightsKind } from './rights-kind.ts';
import { plain, plainText } from './text.ts';

/** Plain text only: the widget and the console render it as text, never as HTML. */
export const ChatText = plain(z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'));

/** `POST /v1/conversations`: opened when the visitor first writes, never before. */
export const OpenConversation = z.object({ site: plainText(80), lang: Lang }).strict();
export const OpenedConversation = z.object({ id: z.string(), token: z.string() });
export type OpenedConversation = z.infer<typeof OpenedConversation>;

/**
 * `POST /v1/conversations/:id/messages` with `Authorization: Bearer <token>`. The client id makes
 * a message sent twice from the outbox land once.
 */
export const PostMessage = z
  .object({
    id: z.uuid(),
    text: ChatText,
    /** Send this to a person rather than to the policy search. */
    toPerson: z.boolean().default(false),
  })
  .strict();
export type PostMessage = z.input<typeof PostMessage>;

/**
 * One section of the site's privacy policy that answers a question. A question about cookies or
 * trackers, on a site that declares them for its cookie notice, is answered first from that
 * declaration: `sectionId` `samtykke:cookies` (never a heading's anchor), `url` the site's policy page.
 */
export const PolicyAnswer = z.object({
  sectionId: z.string(),
  title: z.string(),
  /** A short extract, plain text: whole sentences in the policy's own words. */
  excerpt: z.string(),
  /** The list the excerpt introduces, item by item, when the answer is a list. */
  items: z.array(z.string()).optional(),
  /** The direct answer, in the visitor's language, shown before the quote ("Nei." / "You can write to …"). */
  direct: z.string().optional(),
  /** The language of `excerpt` and `items` when it is not the reply's (an English question on a Norwegian-only policy). */
  quoteLang: Lang.optional(),
  /** Said under the quote, such as that the policy is only in Norwegian. */
  note: z.string().optional(),
  /** Link to the section in the published policy ("read more"). */
  url: z.string(),
  score: z.number(),
});
export type PolicyAnswer = z.infer<typeof PolicyAnswer>;

export const ChatMessage = z.object({
  id: z.string(),
  /** Order within the conversation, assigned by the server. */
  seq: z.number().int(),
  author: z.enum(['visitor', 'bot', 'staff']),
  text: z.string(),
  at: z.string(),
  answers: z.array(PolicyAnswer).optional(),
  /**
   * A bot reply to a question that asks to use a right ("kan jeg se dataene mine"): the request the
   * chat offers to start. Optional, so widgets that predate it still read the message.
   */
  request: RightsKind.optional(),
  /** Staff closed the conversation with this message: nothing more can be written in it; the visitor may start a new one. */
  closes: z.literal(true).optional(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** Answer to PostMessage: the stored message and, for a question, the bot's reply. */
export const PostedMessage = z.object({ message: ChatMessage, reply: ChatMessage.optional() });
export type PostedMessage = z.infer<typeof PostedMessage>;

/** `POST /v1/conversations/:id/handover`: ask for a person; an email lets staff answer after the visitor has left. */
export const Handover = z.object({ email: z.email().max(254).optional() }).strict();

/** `POST /v1/sites/:key/answers`: the quick-reply chips ask without opening a conversation. */
export const AskPolicy = z.object({ lang: Lang, question: ChatText }).strict();
export const PolicyAnswers = z.object({ answers: z.array(PolicyAnswer), /** As on ChatMessage. */ request: RightsKind.optional() });
export type PolicyAnswers = z.infer<typeof PolicyAnswers>;

/** `POST /admin/v1/conversations/:id/messages`: a staff reply. */
export const StaffReply = z.object({ text: ChatText }).strict();
