type Attrs = Record<string, string | number | boolean | null | undefined>;

/**
 * Creates an element. Children that are strings become text nodes, so text from the user or the
 * service is never parsed as HTML (the page's CSP requires Trusted Types: HTML strings would be refused).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  el.append(...children);
  return el;
}

/** The element with this id; the page's HTML defines them all. */
export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from the page`);
  return el as T;
}

/** A number with thousands separators. */
export const fmt = (n: number): string => n.toLocaleString('en-US');

/** Puts text on the clipboard; without the Clipboard API (plain-HTTP pages on another host) through a hidden text box. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const box = h('textarea', { class: 'offscreen', 'aria-hidden': 'true', readonly: true });
    box.value = text;
    document.body.append(box);
    box.select();
    const done = document.execCommand('copy');
    box.remove();
    return done;
  }
}
