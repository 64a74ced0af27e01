import { api, ApiError, type Agenda, type AgendaItem, type DeliveryState } from "./api.js";
import { h, mount } from "./dom.js";
import { idb } from "./idb.js";
import { currentLang, t, toggleLang, type MessageKey } from "./i18n.js";
import {
  discardItem,
  enqueue,
  onOutboxChange,
  outboxItems,
  retryItem,
  startOutbox,
  unblockAuth,
  type OutboxItem,
} from "./outbox.js";
import { resizePhoto } from "./photo.js";
import { SignaturePad } from "./signature.js";

const root = document.getElementById("app")!;
const status = document.getElementById("status")!;

let agenda: Agenda | undefined;
let offline = false;
let outbox: OutboxItem[] = [];

let sayTimer: number | undefined;

/** A short message at the bottom of the screen, gone after a few seconds. */
function say(text: string): void {
  status.textContent = text;
  clearTimeout(sayTimer);
  if (text) sayTimer = window.setTimeout(() => (status.textContent = ""), 5000);
}

/** What the courier sees: the hub's state, overridden by what is still waiting in the outbox. */
function effectiveState(item: AgendaItem): { state: DeliveryState; waiting: boolean } {
  const mine = outbox.filter((o) => o.deliveryId === item.id && o.blocked !== "rejected");
  const last = mine.at(-1);
  if (!last) return { state: item.state, waiting: false };
  const state: DeliveryState = last.kind === "start" ? "picked_up" : last.kind === "proof" ? "delivered" : "failed";
  return { state, waiting: true };
}

function header(): HTMLElement {
  return h(
    "header",
    {},
    h("h1", {}, t("appTitle")),
    agenda ? h("p", { class: "who" }, `${agenda.courier.name} · ${t("today")} ${agenda.day}`) : null,
    h(
      "div",
      { class: "tools" },
      h("button", { type: "button", class: "link", onclick: () => (toggleLang(), render()) }, t("language")),
      agenda ? h("button", { type: "button", class: "link", onclick: () => void load() }, t("refresh")) : null,
      agenda ? h("button", { type: "button", class: "link", onclick: () => void signOut() }, t("signOut")) : null,
    ),
  );
}

function outboxBanner(): HTMLElement | null {
  const waiting = outbox.filter((o) => !o.blocked || o.blocked === "auth");
  const rejected = outbox.filter((o) => o.blocked === "rejected");
  if (waiting.length === 0 && rejected.length === 0) return null;
  return h(
    "section",
    { class: "outbox", "aria-live": "polite" },
    waiting.length > 0 ? h("p", { class: "queued" }, t("queued", { n: waiting.length })) : null,
    ...rejected.map((o) =>
      h(
        "p",
        { class: "rejected" },
        t("failedItem", { message: o.error ?? "" }),
        " ",
        h("button", { type: "button", class: "link", onclick: () => void retryItem(o.id) }, t("retry")),
        " ",
        h("button", { type: "button", class: "link", onclick: () => void discardItem(o.id) }, t("discard")),
      ),
    ),
  );
}

function card(item: AgendaItem): HTMLElement {
  const { state, waiting } = effectiveState(item);
  const open = state === "assigned" || state === "picked_up";
  return h(
    "article",
    { class: `delivery ${state}`, "data-delivery": item.code },
    h(
      "div",
      { class: "top" },
      h("strong", {}, `${t("order")} ${item.orderNumber}`),
      h("span", { class: `badge ${state}` }, t(`states_${state}` as MessageKey), waiting ? ` · ${t("notSent")}` : ""),
    ),
    h("p", { class: "name" }, item.recipient.name),
    h("p", { class: "address" }, item.address, h("br"), item.comuna),
    item.recipient.notes ? h("p", { class: "notes" }, item.recipient.notes) : null,
    h(
      "p",
      { class: "links" },
      h("a", { href: item.mapUrl, target: "_blank", rel: "noopener noreferrer" }, t("openMap")),
      item.recipient.phone ? h("a", { href: `tel:${item.recipient.phone}` }, t("call")) : null,
      h("span", { class: "code" }, item.code),
    ),
    open
      ? h(
          "div",
          { class: "actions" },
          state === "assigned"
            ? h("button", { type: "button", class: "primary", onclick: () => void startDelivery(item) }, t("start"))
            : null,
          h(
            "button",
            { type: "button", class: state === "assigned" ? "" : "primary", onclick: () => deliverScreen(item) },
            t("deliver"),
          ),
          state === "picked_up"
            ? h("button", { type: "button", class: "danger", onclick: () => failScreen(item) }, t("fail"))
            : null,
        )
      : null,
  );
}

function listScreen(): void {
  const items = agenda?.items ?? [];
  mount(
    root,
    header(),
    offline ? h("p", { class: "offline" }, t("offline")) : null,
    outboxBanner(),
    items.length === 0 ? h("p", { class: "empty" }, t("empty")) : h("main", {}, ...items.map(card)),
  );
}

let screen: () => void = listScreen;

function render(): void {
  screen();
}

function newId(): string {
  return crypto.randomUUID();
}

async function startDelivery(item: AgendaItem): Promise<void> {
  await enqueue({ id: newId(), deliveryId: item.id, kind: "start", at: new Date().toISOString(), fields: {} });
}

function position(): Promise<GeolocationPosition | undefined> {
  if (!("geolocation" in navigator)) return Promise.resolve(undefined);
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(resolve, () => resolve(undefined), {
      enableHighAccuracy: true,
      timeout: 10_000,
      maximumAge: 60_000,
    }),
  );
}

function deliverScreen(item: AgendaItem): void {
  let photo: Blob | undefined;
  const located = position();
  const preview = h("img", { class: "preview", alt: "", hidden: true });
  const photoLabel = h("span", {}, t("takePhoto"));
  const fileInput = h("input", {
    type: "file",
    accept: "image/*",
    capture: "environment",
    class: "visually-hidden",
    id: "photo",
    onchange: async (e: Event) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (!file) return;
      say(t("resizing"));
      photo = await resizePhoto(file);
      preview.src = URL.createObjectURL(photo);
      preview.hidden = false;
      photoLabel.textContent = t("retakePhoto");
      say("");
    },
  });
  const name = h("input", { id: "receiver", type: "text", autocomplete: "off", placeholder: item.recipient.name });
  const notes = h("textarea", { id: "notes", rows: 2 });
  // The pad is always offered: a signature is proof the merchant may want even when not required.
  const signatureLabel = item.requirements.signature ? t("signature") : t("signatureOptional");
  const canvas = h("canvas", { class: "signature", id: "signature", role: "img", "aria-label": signatureLabel });
  const error = h("p", { class: "error", role: "alert" });
  const confirm = async () => {
    const req = item.requirements;
    const missing: string[] = [];
    if (req.photo && !photo) missing.push(t("photoWord"));
    if (req.receiverName && !name.value.trim()) missing.push(t("nameWord"));
    if (req.signature && pad.isEmpty()) missing.push(t("signatureWord"));
    if (req.notes && !notes.value.trim()) missing.push(t("notesWord"));
    if (missing.length > 0) {
      error.textContent = t("required", { what: missing.join(", ") });
      return;
    }
    const at = new Date().toISOString();
    const where = await Promise.race([located, new Promise<undefined>((r) => setTimeout(() => r(undefined), 1500))]);
    const fields: Record<string, string> = { receiverName: name.value.trim(), notes: notes.value.trim() };
    if (where) {
      fields.latitude = String(where.coords.latitude);
      fields.longitude = String(where.coords.longitude);
      fields.accuracy = String(where.coords.accuracy);
    }
    const signature = pad.isEmpty() ? undefined : await pad.toBlob();
    await enqueue({
      id: newId(),
      deliveryId: item.id,
      kind: "proof",
      at,
      fields,
      ...(photo ? { photo } : {}),
      ...(signature ? { signature } : {}),
    });
    say(navigator.onLine ? t("sending") : t("queuedOne"));
    screen = listScreen;
    render();
  };
  screen = () => deliverScreen(item);
  mount(
    root,
    header(),
    h(
      "form",
      { class: "proof", onsubmit: (e: Event) => (e.preventDefault(), void confirm()) },
      h("h2", {}, `${t("deliver")} · ${t("order")} ${item.orderNumber}`),
      h("p", { class: "address" }, `${item.recipient.name} — ${item.address}, ${item.comuna}`),
      h("label", { class: "camera", for: "photo" }, photoLabel),
      fileInput,
      preview,
      h("label", { for: "receiver" }, t("receiverName")),
      name,
      h("label", { for: "notes" }, t("notes")),
      notes,
      h("label", { for: "signature" }, signatureLabel),
      canvas,
      h("button", { type: "button", class: "link", onclick: () => pad.clear() }, t("clearSignature")),
      h("p", { class: "hint" }, t("locationNote")),
      error,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary" }, t("confirm")),
        h("button", { type: "button", onclick: () => ((screen = listScreen), render()) }, t("cancel")),
      ),
    ),
  );
  // Sized from its laid-out box, so only once mounted; the handlers above run later.
  const pad = new SignaturePad(canvas);
}

function failScreen(item: AgendaItem): void {
  const reasons = t("failReasons").split("|");
  const other = h("input", { type: "text", id: "other", "aria-label": reasons.at(-1)! });
  const form = h(
    "form",
    {
      class: "fail",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const chosen = (form.querySelector("input[name=reason]:checked") as HTMLInputElement | null)?.value;
        const reason = chosen === reasons.at(-1) ? other.value.trim() || chosen : chosen;
        if (!reason) return;
        await enqueue({
          id: newId(),
          deliveryId: item.id,
          kind: "fail",
          at: new Date().toISOString(),
          fields: { reason },
        });
        screen = listScreen;
        render();
      },
    },
    h("h2", {}, `${t("fail")} · ${t("order")} ${item.orderNumber}`),
    h(
      "fieldset",
      {},
      h("legend", {}, t("failReason")),
      ...reasons.map((r, i) =>
        h("label", { class: "radio" }, h("input", { type: "radio", name: "reason", value: r, checked: i === 0 }), r),
      ),
    ),
    other,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "danger" }, t("failConfirm")),
      h("button", { type: "button", onclick: () => ((screen = listScreen), render()) }, t("cancel")),
    ),
  );
  screen = () => failScreen(item);
  mount(root, header(), form);
}

function loginScreen(message?: string): void {
  const phone = h("input", {
    id: "phone",
    type: "tel",
    autocomplete: "tel",
    inputmode: "tel",
    required: true,
    placeholder: "+56 9 1234 5678",
  });
  const pin = h("input", {
    id: "pin",
    type: "password",
    inputmode: "numeric",
    autocomplete: "one-time-code",
    required: true,
    pattern: "[0-9]{4,8}",
  });
  const error = h("p", { class: "error", role: "alert" }, message ?? "");
  const button = h("button", { type: "submit", class: "primary" }, t("signIn"));
  screen = () => loginScreen(message);
  mount(
    root,
    header(),
    h(
      "form",
      {
        class: "login",
        onsubmit: async (e: Event) => {
          e.preventDefault();
          button.textContent = t("signingIn");
          try {
            await api.signInWithPin(phone.value, pin.value);
            await unblockAuth();
            await load();
          } catch (err) {
            error.textContent = err instanceof ApiError ? err.message : String(err);
            button.textContent = t("signIn");
          }
        },
      },
      h("h2", {}, t("signInTitle")),
      h("label", { for: "phone" }, t("phone")),
      phone,
      h("label", { for: "pin" }, t("pin")),
      pin,
      error,
      button,
    ),
  );
}

function linkScreen(token: string): void {
  const error = h("p", { class: "error", role: "alert" });
  screen = () => linkScreen(token);
  mount(
    root,
    header(),
    h(
      "section",
      { class: "login" },
      h("h2", {}, t("linkTitle")),
      h("p", {}, t("linkBody")),
      error,
      h(
        "button",
        {
          type: "button",
          class: "primary",
          onclick: async () => {
            try {
              await api.signInWithLink(token);
              history.replaceState(null, "", "/courier/");
              await unblockAuth();
              await load();
            } catch (err) {
              error.textContent = err instanceof ApiError ? err.message : String(err);
            }
          },
        },
        t("linkButton"),
      ),
    ),
  );
}

async function load(): Promise<void> {
  try {
    agenda = await api.agenda();
    offline = false;
    await idb.put("cache", agenda, "agenda");
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      agenda = undefined;
      loginScreen();
      return;
    }
    agenda = (await idb.get<Agenda>("cache", "agenda")) ?? agenda;
    offline = true;
    if (!agenda) {
      loginScreen(t("offline"));
      return;
    }
  }
  screen = listScreen;
  render();
}

async function signOut(): Promise<void> {
  await api.signOut().catch(() => undefined);
  agenda = undefined;
  await idb.delete("cache", "agenda");
  loginScreen();
}

onOutboxChange((items, event) => {
  outbox = items;
  if (event.sent?.kind === "proof") say(t("sent"));
  if (event.authLost) {
    agenda = undefined;
    loginScreen(t("signedOut"));
    return;
  }
  // Refresh from the hub once something landed, so the list shows what it now knows.
  if (event.sent && items.length === 0) void load();
  else if (screen === listScreen) render();
});

/**
 * Registers the service worker so the app opens with no signal next time (https or localhost only).
 * Its install fetches the app shell, so losing signal mid-install fails it: try again once back online.
 */
function installOffline(): void {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  sw.register("/courier/sw.js", { scope: "/courier" }).catch((e: unknown) => {
    console.warn("courier app: offline install failed, retrying when online", e);
    window.addEventListener("online", installOffline, { once: true });
  });
}

async function boot(): Promise<void> {
  document.documentElement.lang = currentLang() === "es" ? "es-CL" : "en";
  installOffline();
  outbox = await outboxItems();
  const token = document.querySelector<HTMLMetaElement>('meta[name="timbre-link-token"]')?.content;
  if (token) linkScreen(token);
  else await load();
  startOutbox();
}

void boot();
