import { extname } from "node:path";
import { MagentoApiError, type MagentoClient } from "../client/magento-client.js";

/** What Magento's media API takes (it decodes the image and refuses anything else). */
const TYPES: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/webp": "webp",
};
const MAX_BYTES = 8 * 1024 * 1024;

export interface ImageFetch {
  (url: string): Promise<{ type: string; bytes: Buffer }>;
}

/**
 * The hub downloads a product image itself and hands Magento its bytes: the shop may not reach the
 * image's host (and a Magento without outbound access never could), and the hub knows the URL.
 */
export const fetchImage: ImageFetch = async (url) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000), redirect: "follow" });
  if (!res.ok) throw new Error(`la imagen ${url} respondió ${res.status}`);
  const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const bytes = Buffer.from(await res.arrayBuffer());
  if (!TYPES[type]) throw new Error(`la imagen ${url} no es JPEG, PNG, GIF ni WebP (${type || "sin tipo"})`);
  if (bytes.length > MAX_BYTES) throw new Error(`la imagen ${url} pesa más de 8 MB`);
  return { type, bytes };
};

/**
 * Makes the product's gallery the hub's images, in order: the first is the base, small and
 * thumbnail image. Called only when the hub's list changed since the last publish, so the
 * merchant's own gallery edits in Magento stand until the hub's images change.
 */
export async function replaceImages(
  client: MagentoClient,
  sku: string,
  name: string,
  urls: readonly string[],
  download: ImageFetch = fetchImage,
): Promise<void> {
  const path = `products/${encodeURIComponent(sku)}/media`;
  // Download first: an image that cannot be read leaves the gallery as it was.
  const files = [];
  for (const url of urls) files.push({ url, ...(await download(url)) });
  const existing = await client.get<Array<{ id: number }>>(path, {}, "all");
  for (const e of existing) await client.delete(`${path}/${e.id}`, "all");
  for (const [i, f] of files.entries()) {
    const base = extname(new URL(f.url).pathname).slice(1).toLowerCase();
    const ext = Object.values(TYPES).includes(base) ? base : TYPES[f.type]!;
    const file = `${sku.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${i + 1}.${ext}`;
    const id = await client.post<string | number>(
      path,
      {
        entry: {
          media_type: "image",
          label: name.slice(0, 255),
          position: i + 1,
          disabled: false,
          types: i === 0 ? ["image", "small_image", "thumbnail"] : [],
          content: { base64_encoded_data: f.bytes.toString("base64"), type: f.type, name: file },
        },
      },
      "all",
    );
    if (!id) throw new MagentoApiError(500, `Magento did not keep image ${i + 1} of ${sku}`, path);
  }
}
