import { readFileSync } from "node:fs";

/**
 * Renders blocks/fiscal-fields.liquid for a browser test, for a cart with the given attributes:
 * only the Liquid the block uses (settings from its schema defaults, cart attributes, the
 * if/unless on the document type, comments). Not a Liquid engine; the test fails if the block grows
 * constructs this does not know.
 */
export function renderBlock(attributes: Record<string, string> = {}): string {
  const source = readFileSync(new URL("../blocks/fiscal-fields.liquid", import.meta.url), "utf8");
  const schema = JSON.parse(/{% schema %}([\s\S]*?){% endschema %}/.exec(source)![1]!) as {
    settings: Array<{ id: string; default: string }>;
  };
  const settings = Object.fromEntries(schema.settings.map((s) => [s.id, s.default]));
  const escape = (v: string) => v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const isFactura = attributes.timbre_documento === "factura";
  let html = source
    .replace(/{% schema %}[\s\S]*?{% endschema %}/, "")
    .replace(/{%-? comment -?%}[\s\S]*?{%-? endcomment -?%}/g, "")
    .replace(
      /{% unless cart\.attributes\.timbre_documento == 'factura' %}([\s\S]*?){% endunless %}/g,
      (_, inner: string) => (isFactura ? "" : inner),
    )
    .replace(/{% if cart\.attributes\.timbre_documento == 'factura' %}([\s\S]*?){% endif %}/g, (_, inner: string) =>
      isFactura ? inner : "",
    )
    .replace(/{{ cart\.attributes\.(\w+) \| escape }}/g, (_, k: string) => escape(attributes[k] ?? ""))
    .replace(/{{ block\.settings\.(\w+) }}/g, (_, k: string) => escape(settings[k] ?? ""))
    .replace(/{{ routes\.cart_update_url }}/g, "/cart/update")
    .replace(/{{ request\.locale\.iso_code }}/g, "es");
  if (/{{|{%/.test(html)) throw new Error(`unrendered Liquid left in the block: ${/({{|{%)[^\n]*/.exec(html)![0]}`);
  html = html.trim();
  return html;
}
