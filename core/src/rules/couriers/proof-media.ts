/** Largest photo the hub keeps: the phone resizes to ~1600 px, which is well under this. */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
export const MAX_SIGNATURE_BYTES = 256 * 1024;

/** The image type by its first bytes, never by what the client claims. */
export function sniffImageType(bytes: Uint8Array): "image/jpeg" | "image/png" | "image/webp" | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return "image/png";
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return undefined;
}

/**
 * When a courier's action happened. Queued offline, it reaches the hub late with the phone's time,
 * which is kept unless it is in the future or absurdly old (a phone with a wrong clock).
 */
export function eventTime(claimed: Date | undefined, now: Date): Date {
  if (!claimed || Number.isNaN(claimed.getTime())) return now;
  const age = now.getTime() - claimed.getTime();
  return age < -5 * 60_000 || age > 7 * 24 * 3600_000 ? now : claimed;
}
