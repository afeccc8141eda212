/**
 * Constructable stylesheets: CSSOM is not governed by CSP's style-src, so the widget works on
 * sites that forbid 'unsafe-inline'. Browsers without them (Safari < 16.4) get a <style> element.
 */
export function adoptStyles(root: ShadowRoot, cssText: string): void {
  // Browsers shipped adoptedStyleSheets together with constructable, replaceSync-able sheets.
  if (root.adoptedStyleSheets) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(cssText);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = cssText;
  root.append(style);
}
