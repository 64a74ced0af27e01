import { useState } from "preact/hooks";
import type { Hub } from "../host.js";
import { HubError } from "../host.js";
import type { CompanyData, Onboarding } from "../api-types.js";
import { date, documentName } from "../format.js";
import { useLoad } from "./use-load.js";

type CompanyForm = Omit<CompanyData, "rut" | "actecos"> & { actecos: string };
const EMPTY: CompanyForm = { businessName: "", activity: "", actecos: "", address: "", commune: "", city: "" };
const LABELS: Record<keyof CompanyForm, string> = {
  businessName: "Razón social",
  activity: "Giro",
  actecos: "Códigos de actividad del SII (separados por coma)",
  address: "Dirección",
  commune: "Comuna",
  city: "Ciudad",
};

function toForm(c: CompanyData | null | undefined): CompanyForm {
  return c ? { ...c, actecos: c.actecos.join(", ") } : EMPTY;
}

function fromForm(f: CompanyForm) {
  const actecos = f.actecos
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);
  return { ...f, actecos: actecos.length > 0 ? actecos : undefined };
}

function readFile(file: File, as: "base64" | "text"): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onerror = () => reject(new Error("No se pudo leer el archivo."));
    r.onload = () => {
      const v = String(r.result);
      resolve(as === "base64" ? v.slice(v.indexOf(",") + 1) : v);
    };
    if (as === "base64") r.readAsDataURL(file);
    else r.readAsText(file);
  });
}

/** Company, certificate and CAF: what the hub needs before it can issue. */
export function OnboardingScreen({ hub }: { hub: Hub }) {
  const { data, error, loading, reload } = useLoad(() => hub.get<Onboarding>("onboarding"));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [company, setCompany] = useState<CompanyForm | null>(null);
  const current = company ?? toForm(data?.company);
  const ready = Boolean(data && data.steps.company && data.steps.certificate && data.steps.caf);

  async function act(run: () => Promise<unknown>, ok: string) {
    try {
      await run();
      setMessage({ ok: true, text: ok });
      setCompany(null);
      reload();
    } catch (e) {
      const fields = e instanceof HubError && e.fields.length ? ` (${e.fields.map((f) => f.message).join("; ")})` : "";
      setMessage({ ok: false, text: (e instanceof Error ? e.message : "Algo salió mal.") + fields });
    }
  }

  if (loading && !data) return <p>Cargando…</p>;
  if (error) return <p class="timbre-error">{error}</p>;
  return (
    <div class="timbre-onboarding">
      {message && <p class={message.ok ? "timbre-ok" : "timbre-error"}>{message.text}</p>}
      {ready ? (
        <p class="timbre-ok">Todo listo: cada pedido pagado recibe su boleta o factura.</p>
      ) : (
        <p>Completa estos tres pasos para empezar a emitir.</p>
      )}
      <section>
        <h2>1. Empresa</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => hub.send("PUT", "company", fromForm(current)), "Datos de la empresa guardados.");
          }}
        >
          {data?.company && <p>RUT {data.company.rut}</p>}
          {(Object.keys(LABELS) as Array<keyof CompanyForm>).map((k) => (
            <label key={k}>
              {LABELS[k]}
              <input
                name={k}
                value={current[k]}
                required={k !== "city"}
                onInput={(e) => setCompany({ ...current, [k]: (e.target as HTMLInputElement).value })}
              />
            </label>
          ))}
          <button type="submit" class="button button-primary">
            Guardar empresa
          </button>
        </form>
      </section>
      <section>
        <h2>2. Certificado digital</h2>
        {data?.certificate ? (
          <p>
            {data.certificate.subject}, {data.certificate.expired ? "venció el" : "vigente hasta el"}{" "}
            {date(data.certificate.validTo)}.
          </p>
        ) : (
          <p>Sube el certificado (.p12 o .pfx) de quien firma los documentos.</p>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.target as HTMLFormElement;
            const file = (form.elements.namedItem("pfx") as HTMLInputElement).files?.[0];
            const password = (form.elements.namedItem("password") as HTMLInputElement).value;
            if (!file) return setMessage({ ok: false, text: "Elige el archivo del certificado." });
            void act(
              async () => hub.send("POST", "certificate", { pfxBase64: await readFile(file, "base64"), password }),
              "Certificado cargado.",
            );
          }}
        >
          <label>
            Archivo
            <input type="file" name="pfx" accept=".p12,.pfx" />
          </label>
          <label>
            Contraseña
            <input type="password" name="password" autocomplete="off" />
          </label>
          <button type="submit" class="button">
            Subir certificado
          </button>
        </form>
      </section>
      <section>
        <h2>3. Folios (CAF)</h2>
        {data?.foliosLeft.length ? (
          <ul>
            {data.foliosLeft.map((f) => {
              const expires = data.cafs.find((c) => c.type === f.type && c.expiresAt)?.expiresAt;
              return (
                <li key={f.type}>
                  {documentName(f.type)}: {f.remaining.toLocaleString("es-CL")} folios disponibles
                  {expires ? `, vencen el ${date(expires)}` : ""}
                </li>
              );
            })}
          </ul>
        ) : (
          <p>Sube el archivo de folios (CAF) que descargas del SII para cada tipo de documento.</p>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const file = ((e.target as HTMLFormElement).elements.namedItem("caf") as HTMLInputElement).files?.[0];
            if (!file) return setMessage({ ok: false, text: "Elige el archivo CAF." });
            void act(async () => hub.send("POST", "cafs", { xml: await readFile(file, "text") }), "Folios cargados.");
          }}
        >
          <label>
            Archivo CAF (.xml)
            <input type="file" name="caf" accept=".xml" />
          </label>
          <button type="submit" class="button">
            Subir folios
          </button>
        </form>
      </section>
    </div>
  );
}
