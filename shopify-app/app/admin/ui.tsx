import { Banner, List } from "@shopify/polaris";
import type { ActionResult } from "./admin-context.server";
import type { Lang } from "./i18n";

/** The outcome of the last action, in the page's language, with the fields it names. */
export function ResultBanner({ result, lang }: { result: ActionResult | undefined; lang: Lang }) {
  if (!result) return null;
  if (result.ok) {
    return <Banner tone="success" title={result.message[lang]} />;
  }
  return (
    <Banner tone="critical" title={result.error[lang]}>
      {result.error.fields.length > 1 ? (
        <List>
          {result.error.fields.map((f) => (
            <List.Item key={f.field}>{f.message}</List.Item>
          ))}
        </List>
      ) : null}
    </Banner>
  );
}

export function clp(n: number): string {
  return `$${n.toLocaleString("es-CL")}`;
}

export function formatDate(iso: string | null, lang: Lang): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return d.toLocaleString(lang === "en" ? "en-US" : "es-CL", {
    timeZone: "America/Santiago",
    dateStyle: "medium",
    ...(iso.length > 10 ? { timeStyle: "short" } : {}),
  });
}
