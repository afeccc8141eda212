/**
 * Markdown inline syntax to plain text: what the chat shows of a policy (it renders text, never
 * HTML, and carries no link from the Markdown: a link becomes its label, an image its alt text).
 */
export function inlineToText(md: string): string {
  return md
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
