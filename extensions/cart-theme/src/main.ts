import { errorMessages, langOf, readFields, saveCartAttributes, STATUS } from "./cart-fields.js";

type FieldName = "rut" | "businessName" | "activity";

// Wires every Timbre block on the page (themes may render the section twice: drawer and page).
function wire(root: HTMLElement): void {
  const lang = langOf(root.dataset.lang ?? document.documentElement.lang);
  const updateUrl = root.dataset.cartUpdateUrl || "/cart/update";
  const factura = root.querySelector<HTMLElement>("[data-timbre-factura]");
  const status = root.querySelector<HTMLElement>("[data-timbre-status]");
  const input = (f: FieldName) => root.querySelector<HTMLInputElement>(`[data-field="${f}"]`);
  const touched = new Set<FieldName>();

  const fields = () =>
    readFields((name) => {
      if (name === "documentType")
        return (
          root.querySelector<HTMLInputElement>('input[name="attributes[timbre_documento]"]:checked')?.value ?? "boleta"
        );
      return input(name)?.value ?? null;
    });

  function showErrors(all: boolean): boolean {
    const errors = errorMessages(fields(), lang);
    for (const f of ["rut", "businessName", "activity"] as const) {
      const el = root.querySelector<HTMLElement>(`[data-error-for="${f}"]`);
      const msg = all || touched.has(f) ? errors.get(f) : undefined;
      if (el) {
        el.textContent = msg ?? "";
        el.hidden = !msg;
      }
      input(f)?.setAttribute("aria-invalid", msg ? "true" : "false");
    }
    return errors.size === 0;
  }

  async function save(): Promise<void> {
    const ok = await saveCartAttributes((u, i) => fetch(u, i), updateUrl, fields());
    if (!status) return;
    // A save finishing after a blocked checkout must not hide "fix the data" while it still applies.
    const stillBlocked = status.textContent === STATUS[lang].fix && errorMessages(fields(), lang).size > 0;
    if (!ok) status.textContent = STATUS[lang].failed;
    else if (!stillBlocked) status.textContent = STATUS[lang].saved;
  }

  root.addEventListener("change", (e) => {
    const t = e.target as HTMLInputElement;
    if (t.name === "attributes[timbre_documento]" && factura) factura.hidden = t.value !== "factura";
    const f = t.dataset.field as FieldName | undefined;
    if (f) touched.add(f);
    showErrors(false);
    void save();
  });

  // Live check-digit feedback: dots and hyphen as typed, the error as soon as the RUT looks complete.
  input("rut")?.addEventListener("input", (e) => {
    const el = e.target as HTMLInputElement;
    el.value = readFields((n) => (n === "rut" ? el.value : null)).rut;
    if (el.value.replace(/[^0-9K]/gi, "").length >= 8) touched.add("rut");
    showErrors(false);
  });

  // Best effort before checkout; the validation function is the real guard (express checkouts too).
  document.addEventListener(
    "submit",
    (e) => {
      const form = e.target as HTMLFormElement;
      if (!form.matches('form[action*="/cart"]')) return;
      if (!showErrors(true)) {
        e.preventDefault();
        if (status) status.textContent = STATUS[lang].fix;
        input("rut")?.focus();
      }
    },
    true,
  );
}

document.querySelectorAll<HTMLElement>("[data-timbre-fiscal]").forEach(wire);
