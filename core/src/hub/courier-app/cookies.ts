export const SESSION_COOKIE = "timbre_courier";

export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

/** HttpOnly (scripts never see it), SameSite=Lax, scoped to /courier, Secure behind HTTPS. */
export function sessionCookie(request: Request, value: string, maxAgeSeconds: number): string {
  const https = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    "Path=/courier",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeSeconds}`,
    ...(https ? ["Secure"] : []),
  ].join("; ");
}
