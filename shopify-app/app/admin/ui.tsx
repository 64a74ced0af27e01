import { Banner, BlockStack, List, Page, Text } from "@shopify/polaris";
import type { ActionResult } from "./admin-context.server";
import { auditActor, auditSentence, dayTime } from "@timbre/core/labels";
import type { Lang } from "./i18n";

/** The outcome of the last action, in the page's language, with the fields it names. */
export function ResultBanner({ result, lang }: { result: ActionResult | undefined; lang: Lang }) {
  if (!result) return null;
  if (result.ok) {
    return (
      <Banner tone="success" title={result.message[lang]}>
        {result.link ? (
          <p style={{ overflowWrap: "anywhere", userSelect: "all" }}>
            <a href={result.link} target="_blank" rel="noreferrer">
              {result.link}
            </a>
          </p>
        ) : null}
      </Banner>
    );
  }
  return (
    <Banner tone="critical" title={result.error[lang]}>
      {result.error.fields.length > 0 ? (
        <List>
          {result.error.fields.map((f) => (
            <List.Item key={f.field}>{f.message}</List.Item>
          ))}
        </List>
      ) : null}
    </Banner>
  );
}

/** History rows that fit any width: when, what happened (a sentence), who. */
export function HistoryList({
  rows,
  lang,
}: {
  rows: Array<{ at: string; action: string; actor: string; data: unknown }>;
  lang: Lang;
}) {
  return (
    <div id="history">
      <BlockStack gap="300">
        {rows.map((r, i) => (
          <BlockStack gap="050" key={i}>
            <Text as="p">{auditSentence(r, lang)}</Text>
            <Text as="p" tone="subdued" variant="bodySm">
              {dayTime(r.at)} · {auditActor(r.actor, lang)}
            </Text>
          </BlockStack>
        ))}
      </BlockStack>
    </div>
  );
}

export function clp(n: number): string {
  return `$${n.toLocaleString("es-CL")}`;
}

/** One date format on every screen: dd-mm-aaaa, with hh:mm (Chile time) for moments. */
export function formatDate(iso: string | null, _lang?: Lang): string {
  return dayTime(iso);
}

/** Shown on a page that needs the company before the shop registered it. */
export const NOT_CONNECTED: ActionResult = {
  ok: false,
  error: {
    es: "Primero registre la empresa en Configuración inicial.",
    en: "First register the company in Setup.",
    fields: [],
  },
};

/** The whole page a screen shows instead of itself until the shop's company is registered. */
export function NotConnectedPage({ title, lang }: { title: string; lang: Lang }) {
  return (
    <Page title={title}>
      <ResultBanner result={NOT_CONNECTED} lang={lang} />
    </Page>
  );
}
