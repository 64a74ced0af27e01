import { DOMParser } from "@xmldom/xmldom";

/** Reading SII XML by local name: documents in the wild come with and without the SiiDte namespace. */

const ELEMENT_NODE = 1;

export function parseXml(text: string): Document {
  const problems: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: (m: string) => problems.push(m),
      fatalError: (m: string) => problems.push(m),
    },
  }).parseFromString(text, "text/xml");
  if (problems.length > 0 || !doc.documentElement)
    throw new Error(`malformed XML: ${problems[0] ?? "no root element"}`);
  return doc;
}

export function childElements(el: Element, localName?: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT_NODE && (localName === undefined || (n as Element).localName === localName))
      out.push(n as Element);
  }
  return out;
}

export function child(el: Element | undefined, localName: string): Element | undefined {
  if (!el) return undefined;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT_NODE && (n as Element).localName === localName) return n as Element;
  }
  return undefined;
}

/** Text of a child element (trimmed), or undefined when absent. */
export function childText(el: Element | undefined, localName: string): string | undefined {
  const c = child(el, localName);
  return c ? (c.textContent ?? "").trim() : undefined;
}

export function path(el: Element | undefined, ...names: string[]): Element | undefined {
  let cur = el;
  for (const n of names) cur = child(cur, n);
  return cur;
}
