/**
 * `document.createElement` with attributes and children, for first-load views that cannot afford
 * Preact. Children are appended as text nodes or elements (`false` is skipped): a site's texts are never parsed as HTML.
 */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> | null,
  ...children: Array<Node | string | false>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const name in attrs) el.setAttribute(name, attrs[name]!);
  for (const child of children) if (child !== false) el.append(child);
  return el;
}
