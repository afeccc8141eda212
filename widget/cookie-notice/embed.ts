import type { NoticeTexts } from '../../protocol/index.ts';
import { adoptStyles } from '../ui/index.ts';
import { guard } from '../util/index.ts';
import css from './embed.css?inline';
import { loadFrame } from './gate.ts';

/**
 * Stands in for an iframe whose category is not granted: says who the content comes from and
 * loads just this one when asked. The frame is hidden, not removed, so the site's markup and
 * the placeholder's size stay where the site put them.
 */
export function embedPlaceholder(frame: HTMLIFrameElement, texts: NoticeTexts, category: string): HTMLElement {
  const host = document.createElement('div');
  host.setAttribute('data-samtykke-embed', '');
  const shadow = host.attachShadow({ mode: 'open' });
  const px = (name: string) => parseInt(frame.getAttribute(name) ?? '', 10) || 0;
  // Numbers only go into the sheet: attribute text must never become CSS.
  adoptStyles(shadow, `${css}:host{width:${px('width') || 560}px;min-height:${px('height') || 200}px}`);
  const text = document.createElement('p');
  text.id = 'sk-embed';
  let source = '';
  try {
    source = new URL(frame.dataset.samtykkeSrc ?? '', location.href).host;
  } catch {
    /* the text works without the host name */
  }
  // Every {host}: our own wording names it twice.
  text.textContent = texts.embed.replaceAll('{category}', category).replaceAll('{host}', source);
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = texts.embedLoad;
  button.setAttribute('aria-describedby', 'sk-embed');
  button.addEventListener('click', guard(() => loadFrame(frame)));
  shadow.append(text, button);
  frame.hidden = true;
  frame.before(host);
  return host;
}

/**
 * Makes sure a frame waiting for consent takes no space of its own: the `hidden` attribute is only
 * a browser default, which a site's own `iframe { display: block }` overrides, and then the page
 * showed a blank box under the placeholder. Once the frame is let through (`data-samtykke-src`
 * removed) the rule no longer matches. Returns how to take the rule away again.
 */
export function hideWaitingFrames(): () => void {
  if (!document.adoptedStyleSheets) return () => {};
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('iframe[data-samtykke-src][hidden]{display:none!important}');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return () => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
