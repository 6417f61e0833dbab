import { h } from './dom.js';

/** The page's one token tooltip (#tip): shown next to the hovered or focused token, described to screen readers. */
export class Tooltip {
  private owner: HTMLElement | null = null;

  constructor(private readonly el: HTMLElement) {
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape') this.hide(); });
  }

  /** Whether the tooltip is showing this element's details. */
  shows(target: HTMLElement): boolean {
    return this.owner === target;
  }

  show(target: HTMLElement, rows: [string, string][]): void {
    this.owner?.removeAttribute('aria-describedby');
    this.owner = target;
    target.setAttribute('aria-describedby', this.el.id);
    this.el.replaceChildren(h('dl', {}, ...rows.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)])));
    this.el.hidden = false;
    const box = target.getBoundingClientRect();
    const width = this.el.offsetWidth;
    this.el.style.left = `${Math.max(4, Math.min(box.left, document.documentElement.clientWidth - width - 4)) + scrollX}px`;
    this.el.style.top = `${box.bottom + scrollY + 6}px`;
  }

  hide(target?: HTMLElement): void {
    if (target && target !== this.owner) return;
    this.owner?.removeAttribute('aria-describedby');
    this.owner = null;
    this.el.hidden = true;
  }
}
