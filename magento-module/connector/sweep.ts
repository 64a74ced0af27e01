import { publishGroupPrices } from "./catalog/publish-group-prices.js";
import { publishProducts } from "./catalog/publish-products.js";
import { pullCustomers, pushCustomerGroups } from "./customers/magento-customers.js";
import { magentoTime } from "./client/magento-client.js";
import { creditMemoRefunds, ordersUpdatedSince } from "./orders/magento-orders.js";
import { MagentoOrderSchema } from "./orders/magento-order.js";
import { readMagentoOrder } from "./orders/read-order.js";
import { keepSeen, OVERLAP_MS, readCursor, versionKey, writeCursor } from "./sweep-cursor.js";
import { clientFor, type MagentoStore } from "./store-client.js";

/** The first pass after install reads this far back. */
const FIRST_PASS_MS = 24 * 3_600_000;
const PAGE = 50;

/**
 * One poll of a store: every order updated since the cursor minus the overlap, oldest first, each
 * version handed to core once (ingest is idempotent anyway: newer wins), with its credit memos as
 * refunds. Returns the cursor unchanged when the store's own interval has not passed yet.
 */
export async function runSweep(store: MagentoStore, since: string | null): Promise<{ cursor: string | null }> {
  const settings = await store.settings.read();
  const prev = readCursor(since);
  const now = Date.now();
  // Half a tick of slack, so a 180 s store is not read at 190 s because the 10 s tick fell just short.
  if (prev && now - prev.ranAt < settings.syncIntervalSeconds * 1000 - 5_000) return { cursor: since };
  const client = await clientFor(store);
  if (settings.moduleVersion === null) {
    const version = await client.get<string>("timbre/version").catch(() => null);
    if (version) await store.settings.update(() => ({ moduleVersion: version }));
  }
  const from = new Date(prev ? Date.parse(prev.at) - OVERLAP_MS : now - FIRST_PASS_MS);
  const skip = new Set(prev?.seen ?? []);
  const seen = new Map<string, string>();
  let newest = prev?.at ?? new Date(from).toISOString();
  for (let page = 1; ; page++) {
    const { orders, total } = await ordersUpdatedSince(client, from, page, PAGE);
    for (const raw of orders) {
      const parsed = MagentoOrderSchema.safeParse(raw);
      const id = parsed.success
        ? parsed.data.increment_id
        : String((raw as { increment_id?: unknown })?.increment_id ?? "?");
      const at = parsed.success ? magentoTime.toIso(parsed.data.updated_at) : newest;
      const key = versionKey(id, at);
      seen.set(key, at);
      if (at > newest) newest = at;
      if (skip.has(key)) continue;
      const outcome = await store.orders.receive(id, readMagentoOrder(raw), { actor: "magento.sweep" });
      if (outcome.kind === "ingested" && parsed.success && (parsed.data.total_refunded ?? 0) > 0) {
        for (const refund of await creditMemoRefunds(client, parsed.data)) {
          await store.orders.recordRefund(id, refund, { actor: "magento.sweep" });
        }
      }
    }
    if (orders.length < PAGE || page * PAGE >= total) break;
  }
  const customersFrom = new Date(
    prev?.customersAt
      ? Date.parse(prev.customersAt) - OVERLAP_MS
      : prev
        ? Date.parse(prev.at) - OVERLAP_MS
        : from.getTime(),
  );
  const customersAt = (await pullCustomers(store, client, customersFrom)) ?? prev?.customersAt;
  const { created } = await publishProducts(store, client);
  // New products in Magento get the hub's stock now, not at the next stock change.
  if (created.length > 0) await store.catalog.sync({ actor: "magento.sweep" });
  await publishGroupPrices(store, client);
  await pushCustomerGroups(store, client);
  return {
    cursor: writeCursor({
      at: newest,
      seen: keepSeen(seen, newest),
      ranAt: now,
      ...(customersAt ? { customersAt } : {}),
    }),
  };
}
