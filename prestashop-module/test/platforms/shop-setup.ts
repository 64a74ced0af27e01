import type { PrestaShopWebservice } from "../../connector/webservice-client.js";
import { xmlResource } from "../../connector/xml.js";
import { shopPhp, type ShopEnv } from "./real-shop.js";

const idOf = (body: unknown, node: string) => String((body as Record<string, { id: string | number }>)[node]!.id);

/**
 * What a Chilean merchant does to the demo shop before selling: Chile active and inside the
 * carriers' zones (the demo has it inactive), and the combination given its own reference (the
 * demo's share the product's), which is the SKU the hub matches on.
 */
export async function prepareChileanShop(shop: ShopEnv, ws: PrestaShopWebservice, sku: string): Promise<void> {
  await shopPhp(
    shop,
    `$c = new Country(Country::getByIso('CL')); $c->active = 1; $c->update();
     foreach ([1, 2] as $id) { $carrier = new Carrier($id); if (!$carrier->getZone($c->id_zone)) { $carrier->addZone($c->id_zone); } }`,
  );
  await ws.patch("combinations", "1", xmlResource("combination", { id: 1, reference: sku }));
}

/** Sets the module's three configuration keys, as its configuration page does. */
export async function configureModule(shop: ShopEnv, hubUrl: string, apiKey: string, secret: string): Promise<void> {
  const q = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  await shopPhp(
    shop,
    `Configuration::updateValue('TIMBRE_HUB_URL', ${q(hubUrl)}); Configuration::updateValue('TIMBRE_API_KEY', ${q(apiKey)});
     Configuration::updateValue('TIMBRE_SECRET', ${q(secret)});`,
  );
}

/**
 * A guest buyer with a Chilean address and RUT, a cart with two units of combination 1 of product
 * 1 (carrier 2), and the order, all through the webservice; returns the order id. The order is
 * "Awaiting bank wire" (state 10) until the caller moves it.
 */
export async function placeGuestOrder(shop: ShopEnv, ws: PrestaShopWebservice, email: string): Promise<string> {
  const customer = idOf(
    await ws.post(
      "customers",
      xmlResource("customer", {
        firstname: "Ana",
        lastname: "Invitada",
        email,
        passwd: "Invitada-123456",
        is_guest: 1,
        active: 1,
        id_default_group: 2,
      }),
    ),
    "customer",
  );
  const address = idOf(
    await ws.post(
      "addresses",
      xmlResource("address", {
        id_customer: customer,
        id_country: 68,
        alias: "Casa",
        firstname: "Ana",
        lastname: "Invitada",
        address1: "Av. Providencia 1234",
        city: "Providencia",
        dni: "12.345.678-5",
        phone: "+56912345678",
      }),
    ),
    "address",
  );
  const cart = idOf(
    await ws.post(
      "carts",
      `<prestashop><cart><id_address_delivery>${address}</id_address_delivery><id_address_invoice>${address}</id_address_invoice>
      <id_currency>1</id_currency><id_customer>${customer}</id_customer><id_lang>1</id_lang><id_carrier>2</id_carrier>
      <id_shop>1</id_shop><id_shop_group>1</id_shop_group><associations><cart_rows><cart_row><id_product>1</id_product>
      <id_product_attribute>1</id_product_attribute><id_address_delivery>${address}</id_address_delivery><quantity>2</quantity>
      </cart_row></cart_rows></associations></cart></prestashop>`,
    ),
    "cart",
  );
  // The buyer picks "My carrier" at checkout (PrestaShop would otherwise settle on the free pickup).
  const total = (
    await shopPhp(
      shop,
      `$c = new Cart(${cart}); $c->setDeliveryOption([${address} => '2,']); $c->update();
       echo (new Cart(${cart}))->getOrderTotal(true);`,
    )
  ).trim();
  return idOf(
    await ws.post(
      "orders",
      `<prestashop><order><id_address_delivery>${address}</id_address_delivery><id_address_invoice>${address}</id_address_invoice>
      <id_cart>${cart}</id_cart><id_currency>1</id_currency><id_lang>1</id_lang><id_customer>${customer}</id_customer>
      <id_carrier>2</id_carrier><module>ps_wirepayment</module><payment>Transferencia</payment><current_state>10</current_state>
      <total_paid>${total}</total_paid><total_paid_real>${total}</total_paid_real><total_products>0</total_products>
      <total_products_wt>0</total_products_wt><conversion_rate>1</conversion_rate></order></prestashop>`,
    ),
    "order",
  );
}

/** A partial refund of one unit of the order's first row (Orders > Partial refund), its event sent now; returns the slip id. */
export async function createOrderSlip(shop: ShopEnv, orderId: string): Promise<string> {
  return (
    await shopPhp(
      shop,
      `$o = new Order(${orderId}); $d = OrderDetail::getList($o->id)[0];
       OrderSlip::create($o, [$d['id_order_detail'] => ['id_order_detail' => $d['id_order_detail'], 'quantity' => 1,
         'unit_price' => $d['unit_price_tax_excl'], 'total_price_tax_excl' => $d['unit_price_tax_excl'],
         'total_price_tax_incl' => $d['unit_price_tax_incl']]], false);
       echo Db::getInstance()->getValue('SELECT MAX(id_order_slip) FROM '._DB_PREFIX_.'order_slip WHERE id_order='.(int)$o->id);
       Module::getInstanceByName('timbre')->queue()->flush();`,
    )
  ).trim();
}
