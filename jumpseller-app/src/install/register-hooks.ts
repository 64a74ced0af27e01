import { z } from "zod";
import type { JumpsellerClient } from "../client/jumpseller-client.js";
import { JumpsellerApiError } from "../client/jumpseller-client.js";

/** The events the hub acts on (no order_created exists in the API: order_pending_payment is the nearest). */
export const HOOK_EVENTS = [
  "order_paid",
  "order_updated",
  "order_canceled",
  "product_created",
  "product_updated",
] as const;

const HookSchema = z.object({ hook: z.object({ id: z.number(), event: z.string(), url: z.string() }) });

export function hooksUrl(publicUrl: string): string {
  return `${publicUrl}/jumpseller/hooks`;
}

/**
 * Registers our hooks. `renew` re-creates them even when they are listed: Jumpseller pauses a hook
 * after 8 failed deliveries and the API does not say which are paused, so the sweep periodically
 * creates a fresh one before deleting the old (never a moment without one).
 */
export async function ensureHooks(
  api: JumpsellerClient,
  publicUrl: string,
  opts: { renew: boolean },
): Promise<{ hookIds: Record<string, number>; created: string[] }> {
  const url = hooksUrl(publicUrl);
  const listed = z
    .array(HookSchema)
    .parse(await api.get("/hooks"))
    .map((h) => h.hook);
  const ours = listed.filter((h) => h.url === url);
  const hookIds: Record<string, number> = {};
  const created: string[] = [];
  for (const event of HOOK_EVENTS) {
    const current = ours.filter((h) => h.event === event);
    if (current.length > 0 && !opts.renew) {
      hookIds[event] = current[0]!.id;
      for (const extra of current.slice(1)) await deleteHook(api, extra.id);
      continue;
    }
    const made = HookSchema.parse(await api.post("/hooks", { hook: { event, url } }));
    hookIds[event] = made.hook.id;
    created.push(event);
    for (const old of current) await deleteHook(api, old.id);
  }
  return { hookIds, created };
}

export async function deleteHook(api: JumpsellerClient, id: number): Promise<void> {
  try {
    await api.del(`/hooks/${id}`);
  } catch (e) {
    if (!(e instanceof JumpsellerApiError && e.status === 404)) throw e;
  }
}
