/**
 * The client's address as the hub's own server saw it (the socket's peer, or the first
 * X-Forwarded-For hop when TIMBRE_TRUST_PROXY=1). The server sets it after removing whatever the
 * client sent under this name, so handlers behind it can trust it (the PIN lockout counts by it).
 */
export const CLIENT_ADDRESS_HEADER = "x-timbre-client-address";

export function withClientAddress(request: Request, socketAddress: string | undefined, trustProxy: boolean): Request {
  const forwarded = trustProxy ? request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() : undefined;
  const address = forwarded || socketAddress || "unknown";
  const headers = new Headers(request.headers);
  headers.set(CLIENT_ADDRESS_HEADER, address);
  return new Request(request, { headers });
}
