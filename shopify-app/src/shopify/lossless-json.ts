/**
 * Parses a REST-shaped Shopify body keeping big ids exact. Webhook bodies carry ids as JSON numbers
 * that can exceed 2^53 (Shopify's own sample: 820982911946154508), which JSON.parse silently rounds.
 * Any integer of 16+ digits under a key named `id` or `*_id` becomes a string first.
 */
export function parseShopifyJson(raw: string): unknown {
  return JSON.parse(raw.replace(/("(?:id|[a-z_]*_id)"\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
}

/** The id as a string, whatever JSON type it arrived as; the numeric tail of a GID too. */
export function idString(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "string" && value.trim() !== "") {
    const gid = /^gid:\/\/shopify\/\w+\/(\d+)/.exec(value);
    return gid ? gid[1] : value.trim();
  }
  return undefined;
}

export function gid(type: string, id: string): string {
  return id.startsWith("gid://") ? id : `gid://shopify/${type}/${id}`;
}
