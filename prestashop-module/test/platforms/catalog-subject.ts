import type { ContractItem, ContractSubject } from "@timbre/core/testing/platform-contract";
import type { PlatformRef } from "@timbre/core/platforms";
import { PrestaShopCatalog } from "../../connector/catalog-adapter.js";
import { StockAvailableSchema } from "../../connector/resources.js";
import { listOf, type PrestaShopWebservice } from "../../connector/webservice-client.js";
import { xmlResource } from "../../connector/xml.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The shared catalog contract's subject on the real shop: items are created as a merchant would in
 * Catalog > Products (a product, or a product with one combination carrying the SKU), stock is read
 * and edited on `stock_availables`, and the adapter under test is the hub's own.
 */
export function prestashopCatalogSubject(ws: PrestaShopWebservice): ContractSubject {
  const stockRow = async (ref: PlatformRef) =>
    listOf(
      await ws.get("stock_availables", null, {
        display: "[id,id_product,id_product_attribute,quantity]",
        "filter[id_product]": `[${ref.productId}]`,
        "filter[id_product_attribute]": `[${ref.variantId ?? "0"}]`,
      }),
      "stock_availables",
      StockAvailableSchema,
    )[0];
  const setQuantity = async (ref: PlatformRef, quantity: number) => {
    const row = await stockRow(ref);
    if (!row) throw new Error(`no stock_available for ${JSON.stringify(ref)}`);
    await ws.patch("stock_availables", row.id, xmlResource("stock_available", { id: row.id, quantity }));
  };
  async function seedOne(item: ContractItem): Promise<PlatformRef> {
    const own = item.variant ? "" : (item.sku ?? "");
    const product = (await ws.post(
      "products",
      `<prestashop><product><id_category_default>2</id_category_default><reference>${esc(own)}</reference>` +
        `<price>1000</price><active>1</active><state>1</state><name><language id="1">${esc(item.title)}</language></name>` +
        `<link_rewrite><language id="1">contrato</language></link_rewrite>` +
        `<associations><categories><category><id>2</id></category></categories></associations></product></prestashop>`,
    )) as { product: { id: string | number } };
    const ref: PlatformRef = { productId: String(product.product.id) };
    if (item.variant) {
      // Attribute value 1 (size S in the demo catalogue): the combination a size makes.
      const combination = (await ws.post(
        "combinations",
        `<prestashop><combination><id_product>${ref.productId}</id_product><reference>${esc(item.sku ?? "")}</reference>` +
          `<minimal_quantity>1</minimal_quantity><associations><product_option_values><product_option_value><id>1</id>` +
          `</product_option_value></product_option_values></associations></combination></prestashop>`,
      )) as { combination: { id: string | number } };
      ref.variantId = String(combination.combination.id);
    }
    await setQuantity(ref, item.quantity);
    return ref;
  }
  return {
    port: new PrestaShopCatalog(ws, async () => "1"),
    async seed(items) {
      const refs: PlatformRef[] = [];
      for (const item of items) refs.push(await seedOne(item));
      return refs;
    },
    readQuantity: async (ref) => (await stockRow(ref))?.quantity ?? null,
    editQuantity: setQuantity,
  };
}
