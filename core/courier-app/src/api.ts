/** The hub's courier endpoints. Every write carries a header a cross-site form cannot send. */
export interface Recipient {
  name: string;
  phone?: string;
  line1: string;
  line2?: string;
  comuna: string;
  notes?: string;
}

export type DeliveryState = "pending" | "assigned" | "picked_up" | "delivered" | "failed";

export interface AgendaItem {
  id: string;
  code: string;
  orderNumber: string;
  state: DeliveryState;
  serviceDay: string;
  recipient: Recipient;
  comuna: string;
  address: string;
  mapUrl: string;
  requirements: { photo: boolean; receiverName: boolean; signature: boolean; notes: boolean };
  deliveredAt: string | null;
  failureReason: string | null;
}

export interface Agenda {
  courier: { name: string };
  day: string;
  items: AgendaItem[];
}

/** status 0: the request never got an answer (offline, timeout). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** Worth sending again later, unchanged. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

const BASE = "/courier/api";

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      ...init,
      credentials: "same-origin",
      headers: {
        "x-timbre-courier": "1",
        ...(init.body && !(init.body instanceof FormData) ? { "content-type": "application/json" } : {}),
        ...init.headers,
      },
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    throw new ApiError(0, "network", "sin conexión");
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => undefined)) as
    { error?: { code: string; message: string; messageEn: string } } | undefined;
  if (!res.ok)
    throw new ApiError(res.status, body?.error?.code ?? "http", body?.error?.message ?? `HTTP ${res.status}`);
  return body as T;
}

const post = (path: string, body: unknown) => call<unknown>(path, { method: "POST", body: JSON.stringify(body) });

export const api = {
  agenda: () => call<Agenda>("/agenda"),
  signInWithPin: (phone: string, pin: string) => post("/session/pin", { phone, pin }),
  signInWithLink: (token: string) => post("/session/link", { token }),
  signOut: () => post("/session/logout", {}),
  start: (id: string, body: { clientId: string; at: string }) => post(`/deliveries/${id}/start`, body),
  fail: (id: string, body: { clientId: string; at: string; reason: string }) => post(`/deliveries/${id}/fail`, body),
  proof: (id: string, form: FormData) => call<unknown>(`/deliveries/${id}/proof`, { method: "POST", body: form }),
};
