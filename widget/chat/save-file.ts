/**
 * Saves a fetched file the way a link would: an object URL on a temporary `<a download>` placed in
 * our own root (the shadow root), so nothing is added to the host page's document.
 */
export function saveFile(blob: Blob, name: string, root: Node): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  // A document (the chat rendered outside a shadow root, as in tests) takes one element only: use its body.
  ((root as Document).body ?? root).appendChild(link);
  link.click();
  link.remove();
  // Revoked a little later, not at once: Firefox may cancel a download whose URL goes during the click.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
