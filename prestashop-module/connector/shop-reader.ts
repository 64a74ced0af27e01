import type { z } from "zod";
import {
  AddressSchema,
  CarrierSchema,
  ConfigurationSchema,
  CurrencySchema,
  CustomerSchema,
  OrderHistorySchema,
  OrderSchema,
  OrderSlipSchema,
  OrderStateSchema,
  TimbreOrderSchema,
  type PsAddress,
  type PsCarrier,
  type PsCurrency,
  type PsCustomer,
  type PsOrder,
  type PsOrderSlip,
  type PsOrderState,
  type PsTimbreOrder,
} from "./resources.js";
import { listOf, oneOf, WebserviceError, type PrestaShopWebservice } from "./webservice-client.js";

/** The shop's own settings the hub depends on (state ids are per shop: never hard-coded). */
export interface ShopConfig {
  timeZone: string;
  states: { paid: string; shipped: string; delivered: string; cancelled: string; refunded: string; error: string };
}

const CONFIG_KEYS = {
  PS_TIMEZONE: "timeZone",
  PS_OS_PAYMENT: "paid",
  PS_OS_SHIPPING: "shipped",
  PS_OS_DELIVERED: "delivered",
  PS_OS_CANCELED: "cancelled",
  PS_OS_REFUND: "refunded",
  PS_OS_ERROR: "error",
} as const;

const CACHE_MS = 5 * 60_000;

/**
 * Reads a shop through its webservice, keeping what rarely changes (configuration, order states,
 * carriers, currencies) for a few minutes so reading an order costs a handful of requests.
 */
export class ShopReader {
  private cache = new Map<string, { at: number; value: unknown }>();

  constructor(
    readonly ws: PrestaShopWebservice,
    private readonly now: () => number = Date.now,
  ) {}

  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < CACHE_MS) return hit.value as T;
    const value = await load();
    this.cache.set(key, { at: this.now(), value });
    return value;
  }

  /** Forget cached carriers (a carrier.saved event says they changed). */
  forgetCarriers(): void {
    this.cache.delete("carriers");
  }

  config(): Promise<ShopConfig> {
    return this.cached("config", async () => {
      const body = await this.ws.get("configurations", null, {
        display: "[id,name,value]",
        "filter[name]": `[${Object.keys(CONFIG_KEYS).join("|")}]`,
      });
      const rows = listOf(body, "configurations", ConfigurationSchema);
      const value = (name: keyof typeof CONFIG_KEYS) => rows.find((r) => r.name === name)?.value ?? "";
      const states = {} as ShopConfig["states"];
      for (const [name, key] of Object.entries(CONFIG_KEYS)) {
        if (key !== "timeZone") states[key] = value(name as keyof typeof CONFIG_KEYS);
      }
      if (!states.paid || !states.shipped || !states.delivered || !states.cancelled) {
        throw new WebserviceError(
          "auth",
          200,
          "La clave del webservice debe poder leer 'configurations' (estados de pedido de la tienda).",
          `configurations: got ${rows.map((r) => r.name).join(",")}`,
        );
      }
      return { timeZone: value("PS_TIMEZONE") || "UTC", states };
    });
  }

  orderStates(): Promise<PsOrderState[]> {
    return this.cached("states", async () =>
      listOf(
        await this.ws.get("order_states", null, { display: "[id,name,paid,shipped,delivery]", language: 1 }),
        "order_states",
        OrderStateSchema,
      ),
    );
  }

  carriers(): Promise<PsCarrier[]> {
    return this.cached("carriers", async () =>
      listOf(
        await this.ws.get("carriers", null, { display: "[id,id_reference,name,active,deleted,is_free,url]" }),
        "carriers",
        CarrierSchema,
      ),
    );
  }

  currencies(): Promise<PsCurrency[]> {
    return this.cached("currencies", async () =>
      listOf(
        await this.ws.get("currencies", null, { display: "[id,iso_code,conversion_rate,deleted]" }),
        "currencies",
        CurrencySchema,
      ),
    );
  }

  async order(id: string): Promise<PsOrder | undefined> {
    return this.optional(async () => oneOf(await this.ws.get("orders", id), "order", OrderSchema));
  }

  async customer(id: string): Promise<PsCustomer | undefined> {
    if (id === "0") return undefined;
    return this.optional(async () => oneOf(await this.ws.get("customers", id), "customer", CustomerSchema));
  }

  async address(id: string): Promise<PsAddress | undefined> {
    if (id === "0") return undefined;
    return this.optional(async () => oneOf(await this.ws.get("addresses", id), "address", AddressSchema));
  }

  async addressesOf(customerId: string): Promise<PsAddress[]> {
    return listOf(
      await this.ws.get("addresses", null, {
        display: "full",
        "filter[id_customer]": `[${customerId}]`,
        "filter[deleted]": "[0]",
      }),
      "addresses",
      AddressSchema,
    );
  }

  /**
   * What the buyer chose at checkout (the module's `timbre_orders` resource). Undefined when the
   * order has none (placed before the module, or through the back office / webservice).
   */
  async checkoutChoice(orderId: string): Promise<PsTimbreOrder | undefined> {
    const rows = listOf(
      await this.ws.get("timbre_orders", null, { display: "full", "filter[id_order]": `[${orderId}]` }),
      "timbre_orders",
      TimbreOrderSchema,
    );
    return rows[0];
  }

  async histories(orderId: string): Promise<Array<z.output<typeof OrderHistorySchema>>> {
    return listOf(
      await this.ws.get("order_histories", null, {
        display: "[id,id_order_state,date_add]",
        "filter[id_order]": `[${orderId}]`,
        sort: "[id_ASC]",
      }),
      "order_histories",
      OrderHistorySchema,
    );
  }

  async slip(id: string): Promise<PsOrderSlip | undefined> {
    return this.optional(async () => oneOf(await this.ws.get("order_slip", id), "order_slip", OrderSlipSchema));
  }

  async slipsOf(orderId: string): Promise<PsOrderSlip[]> {
    return listOf(
      await this.ws.get("order_slip", null, { display: "full", "filter[id_order]": `[${orderId}]` }),
      "order_slips",
      OrderSlipSchema,
    );
  }

  private async optional<T>(load: () => Promise<T>): Promise<T | undefined> {
    try {
      return await load();
    } catch (e) {
      if (e instanceof WebserviceError && e.kind === "not_found") return undefined;
      throw e;
    }
  }
}
