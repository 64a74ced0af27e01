import { useState } from "preact/hooks";
import type { Hub } from "../host.js";
import type { StoreSettings } from "../api-types.js";
import { useLoad } from "./use-load.js";

/** When to issue and what by default. */
export function SettingsScreen({ hub }: { hub: Hub }) {
  const { data, error } = useLoad(() => hub.get<{ settings: StoreSettings }>("settings"));
  const [draft, setDraft] = useState<StoreSettings | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const s = draft ?? data?.settings ?? null;
  if (error) return <p class="timbre-error">{error}</p>;
  if (!s) return <p>Cargando…</p>;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        hub
          .send("PUT", "settings", s)
          .then(() => setNote({ ok: true, text: "Ajustes guardados." }))
          .catch((err: unknown) => setNote({ ok: false, text: err instanceof Error ? err.message : "No se guardó." }));
      }}
    >
      {note && <p class={note.ok ? "timbre-ok" : "timbre-error"}>{note.text}</p>}
      <label>
        Emitir el documento
        <select
          value={s.issueOn}
          onChange={(e) =>
            setDraft({ ...s, issueOn: (e.target as HTMLSelectElement).value as StoreSettings["issueOn"] })
          }
        >
          <option value="payment">al pagarse el pedido</option>
          <option value="delivery">al entregarse el pedido</option>
        </select>
      </label>
      <label>
        Si el comprador no elige
        <select
          value={s.defaultDocument}
          onChange={(e) =>
            setDraft({
              ...s,
              defaultDocument: (e.target as HTMLSelectElement).value as StoreSettings["defaultDocument"],
            })
          }
        >
          <option value="boleta">boleta</option>
          <option value="factura">factura</option>
        </select>
      </label>
      <label class="timbre-inline">
        <input type="checkbox" checked={s.emailBuyer} onChange={() => setDraft({ ...s, emailBuyer: !s.emailBuyer })} />{" "}
        Enviar el PDF y el XML al comprador por correo
      </label>
      <button type="submit" class="button button-primary">
        Guardar ajustes
      </button>
    </form>
  );
}
