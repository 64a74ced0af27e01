/** Spanish (es-CL) first; English for couriers whose phone asks for it. */
const es = {
  appTitle: "Mis entregas",
  signInTitle: "Ingreso de repartidores",
  phone: "Teléfono",
  pin: "PIN",
  signIn: "Ingresar",
  signingIn: "Ingresando…",
  linkTitle: "Enlace de ingreso",
  linkBody: "Toque el botón para entrar con este teléfono. El enlace sirve una sola vez.",
  linkButton: "Entrar",
  signOut: "Salir",
  today: "Hoy",
  refresh: "Actualizar",
  empty: "No tiene entregas pendientes para hoy.",
  openMap: "Ver mapa",
  call: "Llamar",
  start: "Iniciar entrega",
  deliver: "Entregar",
  fail: "No se pudo entregar",
  order: "Pedido",
  takePhoto: "Tomar foto",
  retakePhoto: "Otra foto",
  receiverName: "Nombre de quien recibe",
  notes: "Notas",
  signature: "Firma de quien recibe",
  clearSignature: "Borrar firma",
  signatureOptional: "Firma de quien recibe (opcional)",
  confirm: "Confirmar entrega",
  cancel: "Volver",
  failReason: "¿Qué pasó?",
  failReasons: "Nadie en el domicilio|Dirección incorrecta|Rechazado por el cliente|Otro",
  failConfirm: "Registrar entrega fallida",
  required: "Falta: {what}.",
  photoWord: "foto",
  nameWord: "nombre",
  signatureWord: "firma",
  notesWord: "notas",
  queued: "{n} envío(s) pendiente(s): se reintentará al volver la conexión.",
  queuedOne: "Guardado en el teléfono; se enviará al volver la conexión.",
  sending: "Enviando…",
  sent: "Entrega confirmada.",
  offline: "Sin conexión: mostrando la última lista guardada.",
  failedItem: "No se pudo enviar: {message}",
  retry: "Reintentar",
  discard: "Descartar",
  signedOut: "Su sesión terminó. Ingrese de nuevo: lo pendiente se enviará después.",
  language: "English",
  states_assigned: "Asignada",
  states_picked_up: "En camino",
  states_delivered: "Entregada",
  states_failed: "Fallida",
  states_pending: "Pendiente",
  resizing: "Preparando foto…",
  notSent: "sin enviar",
  locationNote: "Se guarda la ubicación si el teléfono la entrega.",
};

export type MessageKey = keyof typeof es;

const en: Record<MessageKey, string> = {
  appTitle: "My deliveries",
  signInTitle: "Courier sign-in",
  phone: "Phone",
  pin: "PIN",
  signIn: "Sign in",
  signingIn: "Signing in…",
  linkTitle: "Sign-in link",
  linkBody: "Tap the button to sign in on this phone. The link works once.",
  linkButton: "Sign in",
  signOut: "Sign out",
  today: "Today",
  refresh: "Refresh",
  empty: "No deliveries left for today.",
  openMap: "Map",
  call: "Call",
  start: "Start delivery",
  deliver: "Deliver",
  fail: "Could not deliver",
  order: "Order",
  takePhoto: "Take photo",
  retakePhoto: "Another photo",
  receiverName: "Receiver's name",
  notes: "Notes",
  signature: "Receiver's signature",
  clearSignature: "Clear signature",
  signatureOptional: "Receiver's signature (optional)",
  confirm: "Confirm delivery",
  cancel: "Back",
  failReason: "What happened?",
  failReasons: "Nobody home|Wrong address|Refused by the customer|Other",
  failConfirm: "Record failed delivery",
  required: "Missing: {what}.",
  photoWord: "photo",
  nameWord: "name",
  signatureWord: "signature",
  notesWord: "notes",
  queued: "{n} upload(s) waiting: they will be retried when the connection is back.",
  queuedOne: "Saved on the phone; it will be sent when the connection is back.",
  sending: "Sending…",
  sent: "Delivery confirmed.",
  offline: "Offline: showing the last saved list.",
  failedItem: "Could not send: {message}",
  retry: "Retry",
  discard: "Discard",
  signedOut: "Your session ended. Sign in again: what is waiting will be sent afterwards.",
  language: "Español",
  states_assigned: "Assigned",
  states_picked_up: "On its way",
  states_delivered: "Delivered",
  states_failed: "Failed",
  states_pending: "Pending",
  resizing: "Preparing photo…",
  notSent: "not sent",
  locationNote: "The location is saved when the phone provides it.",
};

export type Lang = "es" | "en";

let lang: Lang =
  (localStorage.getItem("timbre.lang") as Lang | null) ??
  (navigator.language.toLowerCase().startsWith("en") ? "en" : "es");

export function currentLang(): Lang {
  return lang;
}

export function toggleLang(): void {
  lang = lang === "es" ? "en" : "es";
  localStorage.setItem("timbre.lang", lang);
  document.documentElement.lang = lang === "es" ? "es-CL" : "en";
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = (lang === "es" ? es : en)[key];
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ""));
}
