/**
 * A message being typed survives a reload or a click to another page of the site, in this tab
 * only: sessionStorage forgets it when the tab closes, which suits text the visitor never sent.
 */
const DRAFT = 'samtykke:chat-draft:';

export function readDraft(site: string): string {
  try {
    return sessionStorage.getItem(DRAFT + site) ?? '';
  } catch {
    return '';
  }
}

export function writeDraft(site: string, text: string): void {
  try {
    if (text) sessionStorage.setItem(DRAFT + site, text);
    else sessionStorage.removeItem(DRAFT + site);
  } catch {
    /* storage refused: the draft lives as long as the page */
  }
}
