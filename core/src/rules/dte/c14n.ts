/**
 * Inclusive Canonical XML 1.0 without comments (REC-xml-c14n-20010315) of one element, computed on
 * the document text. Signing a boleta is two RSA-2048 signatures plus this; parsing every document
 * into a DOM to canonicalize it would cost more than the signatures. Verification uses xml-crypto,
 * an independent implementation, and the tests check both agree (and xmlsec1 agrees).
 *
 * Scope: well-formed documents without a DTD (SII documents have none). Not handled: xml:* attributes
 * inherited from outside the element (SII documents have none either).
 */

export type NsScope = ReadonlyMap<string, string>;

const XML_NS = "http://www.w3.org/XML/1998/namespace";

/** Where an element starts in the text, and the namespaces its ancestors put in scope. */
export interface ElementStart {
  start: number;
  inherited: NsScope;
}

interface StartTag {
  name: string;
  attrs: Array<[string, string]>;
  selfClosing: boolean;
  end: number;
}

const EMPTY_SCOPE: NsScope = new Map();
const NAME = /[^\s/>]+/y;
const ATTR = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const SPACE = /\s*/y;

function readStartTag(xml: string, lt: number): StartTag {
  // Most SII tags are a bare <Name>: no attributes, no namespaces to look at.
  const gt = xml.indexOf(">", lt);
  const simple = gt > lt + 1 && !/[\s/="']/.test(xml.slice(lt + 1, gt));
  if (simple) return { name: xml.slice(lt + 1, gt), attrs: [], selfClosing: false, end: gt + 1 };
  NAME.lastIndex = lt + 1;
  const name = NAME.exec(xml)?.[0];
  if (!name) throw new Error(`malformed start tag at ${lt}`);
  const attrs: Array<[string, string]> = [];
  let i = NAME.lastIndex;
  for (;;) {
    SPACE.lastIndex = i;
    SPACE.exec(xml);
    i = SPACE.lastIndex;
    if (xml[i] === ">") return { name, attrs, selfClosing: false, end: i + 1 };
    if (xml[i] === "/" && xml[i + 1] === ">") return { name, attrs, selfClosing: true, end: i + 2 };
    ATTR.lastIndex = i;
    const m = ATTR.exec(xml);
    if (!m) throw new Error(`malformed start tag <${name}> at ${lt}`);
    attrs.push([m[1]!, m[2] ?? m[3] ?? ""]);
    i = ATTR.lastIndex;
  }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (_, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new Error(`unknown entity &${e};`);
    return v;
  });
}

function canonText(raw: string): string {
  // Text with no markup characters canonicalizes to itself (the common case).
  if (!/[&>\r]/.test(raw)) return raw;
  const t = decodeEntities(raw.replace(/\r\n?/g, "\n"));
  return t.replace(/[&<>\r]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&#xD;"));
}

function canonAttr(raw: string): string {
  const t = decodeEntities(raw.replace(/\r\n?/g, "\n").replace(/[\t\n]/g, " "));
  return t.replace(/[&<"\t\n\r]/g, (c) =>
    c === "&"
      ? "&amp;"
      : c === "<"
        ? "&lt;"
        : c === '"'
          ? "&quot;"
          : c === "\t"
            ? "&#x9;"
            : c === "\n"
              ? "&#xA;"
              : "&#xD;",
  );
}

function nsDeclarations(attrs: Array<[string, string]>): Map<string, string> | undefined {
  let decls: Map<string, string> | undefined;
  for (const [k, v] of attrs) {
    if (k === "xmlns") (decls ??= new Map()).set("", decodeEntities(v));
    else if (k.startsWith("xmlns:")) (decls ??= new Map()).set(k.slice(6), decodeEntities(v));
  }
  return decls;
}

function withDecls(scope: NsScope, decls: Map<string, string> | undefined): NsScope {
  if (!decls) return scope;
  const next = new Map(scope);
  for (const [p, u] of decls) next.set(p, u);
  return next;
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function skipMarkup(xml: string, lt: number): number {
  const close = xml.startsWith("<!--", lt)
    ? "-->"
    : xml.startsWith("<![CDATA[", lt)
      ? "]]>"
      : xml[lt + 1] === "?"
        ? "?>"
        : ">";
  const at = xml.indexOf(close, lt);
  if (at < 0) throw new Error(`unterminated markup at ${lt}`);
  return at + close.length;
}

/** The first element whose start tag satisfies `match` (by default the document element). */
export function findElement(
  xml: string,
  match: (name: string, attrs: ReadonlyArray<[string, string]>) => boolean = () => true,
): ElementStart | undefined {
  const scopes: NsScope[] = [EMPTY_SCOPE];
  let i = 0;
  for (;;) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) return undefined;
    const next = xml[lt + 1];
    if (next === "!" || next === "?") {
      i = skipMarkup(xml, lt);
      continue;
    }
    if (next === "/") {
      i = xml.indexOf(">", lt) + 1;
      scopes.pop();
      continue;
    }
    const tag = readStartTag(xml, lt);
    const parent = scopes[scopes.length - 1]!;
    if (match(tag.name, tag.attrs)) return { start: lt, inherited: parent };
    if (!tag.selfClosing) scopes.push(withDecls(parent, nsDeclarations(tag.attrs)));
    i = tag.end;
  }
}

/** The canonical form of the element starting at `at` (hash its UTF-8 bytes), and where it ends. */
export function canonicalize(xml: string, at: ElementStart): { canonical: string; end: number } {
  let out = "";
  // Per open element: its full namespace scope (what its children inherit in the output).
  const scopes: NsScope[] = [];
  let i = at.start;
  for (;;) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) throw new Error("element not closed");
    if (lt > i) out += canonText(xml.slice(i, lt));
    const next = xml[lt + 1];
    if (next === "/") {
      const gt = xml.indexOf(">", lt);
      out += `</${xml.slice(lt + 2, gt).trim()}>`;
      scopes.pop();
      i = gt + 1;
      if (scopes.length === 0) return { canonical: out, end: i };
      continue;
    }
    if (next === "!") {
      const after = skipMarkup(xml, lt);
      if (xml.startsWith("<![CDATA[", lt)) out += canonText(xml.slice(lt + 9, after - 3).replace(/&/g, "&amp;"));
      i = after;
      continue;
    }
    if (next === "?") {
      const after = skipMarkup(xml, lt);
      const m = /^(\S+)\s*([\s\S]*)$/.exec(xml.slice(lt + 2, after - 2));
      out += m?.[2] ? `<?${m[1]} ${m[2]}?>` : `<?${m?.[1] ?? ""}?>`;
      i = after;
      continue;
    }
    const tag = readStartTag(xml, lt);
    const apex = scopes.length === 0;
    const parentScope = apex ? at.inherited : scopes[scopes.length - 1]!;
    if (tag.attrs.length === 0 && !apex) {
      out += tag.selfClosing ? `<${tag.name}></${tag.name}>` : `<${tag.name}>`;
      if (!tag.selfClosing) scopes.push(parentScope);
      i = tag.end;
      continue;
    }
    const decls = nsDeclarations(tag.attrs);
    const scope = withDecls(parentScope, decls);
    const rendered: Array<[string, string]> = [];
    if (apex) {
      for (const [p, u] of scope) if (!(p === "" && u === "")) rendered.push([p, u]);
    } else if (decls) {
      for (const [p, u] of decls) if ((parentScope.get(p) ?? "") !== u) rendered.push([p, u]);
    }
    rendered.sort((a, b) => compareCodePoints(a[0], b[0]));
    let s = `<${tag.name}`;
    for (const [p, u] of rendered) s += p === "" ? ` xmlns="${canonAttr(u)}"` : ` xmlns:${p}="${canonAttr(u)}"`;
    const attrs: Array<[string, string, string, string]> = [];
    for (const [k, v] of tag.attrs) {
      if (k === "xmlns" || k.startsWith("xmlns:")) continue;
      const colon = k.indexOf(":");
      const uri = colon < 0 ? "" : k.startsWith("xml:") ? XML_NS : (scope.get(k.slice(0, colon)) ?? "");
      attrs.push([uri, colon < 0 ? k : k.slice(colon + 1), k, v]);
    }
    attrs.sort((a, b) => compareCodePoints(a[0], b[0]) || compareCodePoints(a[1], b[1]));
    for (const [, , k, v] of attrs) s += ` ${k}="${canonAttr(v)}"`;
    out += `${s}>`;
    i = tag.end;
    if (tag.selfClosing) {
      out += `</${tag.name}>`;
      if (apex) return { canonical: out, end: i };
    } else scopes.push(scope);
  }
}

/**
 * The document element, found without scanning its content: its end tag is the last one in the
 * document. `scope` is what its children inherit.
 */
export function rootElement(xml: string): { at: ElementStart; closeTagAt: number; scope: NsScope } {
  const at = findElement(xml);
  if (!at) throw new Error("no root element");
  const tag = readStartTag(xml, at.start);
  const scope = withDecls(EMPTY_SCOPE, nsDeclarations(tag.attrs));
  const closeTagAt = tag.selfClosing ? -1 : xml.lastIndexOf(`</${tag.name}`);
  if (!tag.selfClosing && closeTagAt < tag.end) throw new Error(`no end tag for <${tag.name}>`);
  return { at, closeTagAt, scope };
}

/** Canonical form of the element carrying ID="id" (xs:ID attributes of the SII schemas are all named ID). */
export function canonicalizeById(xml: string, id: string): string {
  const at = findElement(xml, (_, attrs) => attrs.some(([k, v]) => k === "ID" && v === id));
  if (!at) throw new Error(`no element with ID="${id}"`);
  return canonicalize(xml, at).canonical;
}
