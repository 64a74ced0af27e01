import { create } from "xmlbuilder2";

/**
 * A webservice write body: `<prestashop><{node}>…fields…</{node}></prestashop>`. Values are
 * escaped by the builder and never pretty-printed (PrestaShop keeps the whitespace inside a tag).
 */
export function xmlResource(node: string, fields: Record<string, string | number>): string {
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele("prestashop").ele(node);
  for (const [k, v] of Object.entries(fields)) root.ele(k).txt(String(v));
  return root.end({ prettyPrint: false });
}
