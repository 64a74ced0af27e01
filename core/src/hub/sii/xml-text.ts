/**
 * The few DOM reads the SII's small answers need, on top of the rules' XML helpers. The SII mixes
 * prefixed (`SII:RESP_HDR`) and unprefixed tags, so everything is looked up by local name.
 */
import { childElements, parseXml } from "../../rules/dte/xml-dom.js";

export { parseXml, childElements };
export { escapeXml } from "../../rules/dte/latin1.js";

export function localName(el: Element): string {
  return el.localName || el.nodeName.replace(/^.*:/, "");
}

/** Direct children with that local name. */
export function children(parent: Element, name: string): Element[] {
  return childElements(parent).filter((c) => localName(c) === name);
}

/** First descendant (depth-first) with that local name. */
export function descendant(root: Element | Document, name: string): Element | undefined {
  const start = "documentElement" in root ? root.documentElement : root;
  if (!start) return undefined;
  if (localName(start) === name && start !== root) return start;
  for (const c of childElements(start)) {
    if (localName(c) === name) return c;
    const found = descendant(c, name);
    if (found) return found;
  }
  return undefined;
}

export function textOf(el: Element | undefined): string | undefined {
  return el ? (el.textContent ?? "").trim() : undefined;
}

/** Trimmed text of the first descendant with that local name. */
export function textAt(root: Element | Document, name: string): string | undefined {
  return textOf(descendant(root, name));
}
