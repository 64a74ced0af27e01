import { api, ApiError } from "./api.js";
import { idb } from "./idb.js";

/**
 * Every action the courier takes is written to IndexedDB first and sent from there, oldest first,
 * until the hub has it: a dead zone, a closed tab or a phone restart loses nothing. The hub
 * recognises a resent action by its id, so sending twice is harmless.
 */
export interface OutboxItem {
  id: string;
  deliveryId: string;
  kind: "start" | "proof" | "fail";
  /** When the courier did it (the hub keeps this time). */
  at: string;
  fields: Record<string, string>;
  photo?: Blob;
  signature?: Blob;
  attempts: number;
  nextAt: number;
  /** Waiting for a new sign-in, or refused by the hub (shown, never dropped silently). */
  blocked?: "auth" | "rejected";
  error?: string;
}

export interface OutboxEvent {
  sent?: OutboxItem;
  authLost?: boolean;
}

type Listener = (items: OutboxItem[], event: OutboxEvent) => void;
const listeners = new Set<Listener>();
let running = false;
let timer: number | undefined;

export function onOutboxChange(fn: Listener): void {
  listeners.add(fn);
}

export async function outboxItems(): Promise<OutboxItem[]> {
  const items = await idb.all<OutboxItem>("outbox");
  return items.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

async function notify(event: OutboxEvent = {}): Promise<void> {
  const items = await outboxItems();
  for (const fn of listeners) fn(items, event);
}

export async function enqueue(item: Omit<OutboxItem, "attempts" | "nextAt">): Promise<void> {
  await idb.put("outbox", { ...item, attempts: 0, nextAt: 0 });
  await notify();
  void flush();
}

async function send(item: OutboxItem): Promise<void> {
  if (item.kind === "start") await api.start(item.deliveryId, { clientId: item.id, at: item.at });
  else if (item.kind === "fail")
    await api.fail(item.deliveryId, { clientId: item.id, at: item.at, reason: item.fields.reason ?? "" });
  else {
    const form = new FormData();
    form.set("clientId", item.id);
    form.set("capturedAt", item.at);
    for (const [k, v] of Object.entries(item.fields)) form.set(k, v);
    if (item.photo) form.set("photo", item.photo, "foto.jpg");
    if (item.signature) form.set("signature", item.signature, "firma.png");
    await api.proof(item.deliveryId, form);
  }
}

function backoff(attempts: number): number {
  const base = Math.min(60_000, 2_000 * 2 ** Math.min(attempts - 1, 5));
  return base * (0.7 + Math.random() * 0.3);
}

function schedule(ms: number): void {
  clearTimeout(timer);
  timer = window.setTimeout(() => void flush(), ms);
}

/** Sends what is due, in order; stops at the first answer that says "try later". */
export async function flush(options: { force?: boolean } = {}): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (const item of await outboxItems()) {
      if (item.blocked === "rejected" || item.blocked === "auth") continue;
      if (!options.force && item.nextAt > Date.now()) {
        schedule(item.nextAt - Date.now());
        return;
      }
      try {
        await send(item);
        await idb.delete("outbox", item.id);
        await notify({ sent: item });
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(0, "network", String(e));
        if (err.status === 409 && err.code === "delivery.already_delivered") {
          // The hub already has this delivery's outcome (sent from elsewhere): nothing left to send.
          await idb.delete("outbox", item.id);
          await notify({ sent: item });
          continue;
        }
        if (err.status === 401) {
          await idb.put("outbox", { ...item, blocked: "auth", error: err.message });
          await notify({ authLost: true });
          return;
        }
        if (err.retryable) {
          const attempts = item.attempts + 1;
          const wait = backoff(attempts);
          await idb.put("outbox", { ...item, attempts, nextAt: Date.now() + wait, error: err.message });
          await notify();
          schedule(wait);
          return;
        }
        await idb.put("outbox", { ...item, blocked: "rejected", error: err.message });
        await notify();
      }
    }
  } finally {
    running = false;
  }
}

export async function retryItem(id: string): Promise<void> {
  const item = await idb.get<OutboxItem>("outbox", id);
  if (item) await idb.put("outbox", { ...item, blocked: undefined, nextAt: 0 });
  await notify();
  await flush({ force: true });
}

export async function discardItem(id: string): Promise<void> {
  await idb.delete("outbox", id);
  await notify();
}

/** After a new sign-in: what waited for it goes now. */
export async function unblockAuth(): Promise<void> {
  for (const item of await outboxItems())
    if (item.blocked === "auth") await idb.put("outbox", { ...item, blocked: undefined, nextAt: 0 });
  await flush({ force: true });
}

export function startOutbox(): void {
  window.addEventListener("online", () => void flush({ force: true }));
  setInterval(() => void flush(), 15_000);
  void flush();
}
