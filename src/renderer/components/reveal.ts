// Brings an element into view inside the box that scrolls it (a panel, the page viewer) by the
// least movement, without scrolling the window: on a narrow window, where the panels stack,
// Element.scrollIntoView would scroll the whole page and carry the other panel out of view.
import { nearestOffset } from './scroll-offset.js';

/** The nearest ancestor of `element` that scrolls it, below the document's own scrolling. */
export function scrollingParent(element: Element): HTMLElement | null {
  const root = element.ownerDocument.scrollingElement;
  for (let node = element.parentElement; node && node !== root && node !== element.ownerDocument.body; node = node.parentElement) {
    const style = getComputedStyle(node);
    const scrolls = (overflow: string) => overflow === 'auto' || overflow === 'scroll' || overflow === 'overlay';
    if ((scrolls(style.overflowY) && node.scrollHeight > node.clientHeight) || (scrolls(style.overflowX) && node.scrollWidth > node.clientWidth)) return node;
  }
  return null;
}

/** Scrolls the element's scrolling parent (never the window) so the element shows. */
export function revealInParent(element: Element): void {
  const scroller = scrollingParent(element);
  if (!scroller) return;
  const item = element.getBoundingClientRect();
  const box = scroller.getBoundingClientRect();
  const top = box.top + scroller.clientTop;
  const left = box.left + scroller.clientLeft;
  scroller.scrollTop += nearestOffset(item.top, item.bottom, top, top + scroller.clientHeight);
  scroller.scrollLeft += nearestOffset(item.left, item.right, left, left + scroller.clientWidth);
}
