import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Layout,
  Link,
  List,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import {
  changeDocumentType,
  creditWholeOrder,
  documentLinks,
  findStoreOrder,
  listAudit,
  orderView,
  reprocessOrder,
  resendDocumentEmail,
} from "@timbre/core/admin";
import { randomUUID } from "node:crypto";
import { useState } from "react";
import { failure, notConnected, shopAdmin, success, type ActionResult } from "../admin/admin-context.server";
import { docLabel, STATE_NAMES, translator, withLang } from "../admin/i18n";
import { clp, formatDate, HistoryList, ResultBanner } from "../admin/ui";

export const loader = async ({ request, context, params }: LoaderFunctionArgs) => {
  const { hub, store, lang } = await shopAdmin(request, context);
  if (!store) throw new Response("Primero registre la empresa en Configuración inicial.", { status: 404 });
  const order = await findStoreOrder(hub.db, store.id, params.externalId ?? "").catch(() => null);
  if (!order) throw new Response("Pedido no encontrado · Order not found", { status: 404 });
  const view = orderView(order, order.documents);
  const audit = await listAudit(hub.db, store.companyId, { subjectId: order.id, take: 50 });
  return {
    lang,
    order: {
      ...view,
      documentOverride: order.documentOverride,
      // Signed links: they open without the store's API key, relative to this app.
      documents: view.documents.map((d) => ({ ...d, ...documentLinks(hub.encryptor, "", d.id) })),
    },
    audit: audit.rows,
    requestId: randomUUID(),
  };
};

export const action = async ({ request, context, params }: ActionFunctionArgs): Promise<ActionResult> => {
  const { hub, store, actor } = await shopAdmin(request, context);
  if (!store) return notConnected();
  const externalId = params.externalId ?? "";
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "issue") {
      await reprocessOrder(hub.db, store, externalId, actor);
      context.wake?.();
      return success(
        "Se está procesando el pedido; el documento aparecerá en unos segundos.",
        "The order is being processed; the document will appear in a few seconds.",
      );
    }
    if (intent === "resend") {
      await resendDocumentEmail(hub.db, store.id, String(form.get("documentId") ?? ""), actor);
      context.wake?.();
      return success("El documento se enviará de nuevo al comprador.", "The document will be sent to the buyer again.");
    }
    if (intent === "change-type") {
      const document = form.get("document") === "factura" ? "factura" : "boleta";
      const change =
        document === "factura"
          ? ({
              document,
              rut: String(form.get("rut") ?? ""),
              businessName: String(form.get("businessName") ?? ""),
              activity: String(form.get("activity") ?? ""),
              ...(String(form.get("address") ?? "").trim() ? { address: String(form.get("address")) } : {}),
              ...(String(form.get("commune") ?? "").trim() ? { commune: String(form.get("commune")) } : {}),
            } as const)
          : ({ document } as const);
      await changeDocumentType(hub.db, store, externalId, change, actor);
      context.wake?.();
      return success(
        document === "factura" ? "Se emitirá factura." : "Se emitirá boleta.",
        document === "factura" ? "An invoice will be issued." : "A receipt will be issued.",
      );
    }
    if (intent === "credit-note") {
      const { created } = await creditWholeOrder(hub.db, store, externalId, {
        reason: String(form.get("reason") || "Anulación desde Shopify"),
        requestId: String(form.get("requestId") ?? randomUUID()),
        actor,
      });
      context.wake?.();
      return created
        ? success("Se emitirá la nota de crédito.", "The credit note will be issued.")
        : success("Esa nota de crédito ya estaba solicitada.", "That credit note was already requested.");
    }
    return { ok: false, error: { es: "Acción desconocida.", en: "Unknown action.", fields: [] } };
  } catch (e) {
    return failure(e);
  }
};

export default function OrderPage() {
  const { lang, order, audit, requestId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = translator(lang);
  const buyer = (order.buyer ?? {}) as {
    name?: string;
    email?: string;
    document?: string;
    rut?: string;
    businessName?: string;
    activity?: string;
    address?: string;
    commune?: string;
  };
  // After a re-issue the factura (the latest sale document) is the one in force.
  const sale = order.documents.filter((d) => d.kind === "sale").at(-1);
  const reasons = Array.isArray(order.pendingReasons)
    ? (order.pendingReasons as Array<{ message: string; action?: string }>)
    : [];
  const [docType, setDocType] = useState(order.documentOverride ?? buyer.document ?? "boleta");
  const [fiscal, setFiscal] = useState({
    rut: buyer.rut ?? "",
    businessName: buyer.businessName ?? "",
    activity: buyer.activity ?? "",
    address: buyer.address ?? "",
    commune: buyer.commune ?? "",
  });
  const [reason, setReason] = useState("");
  const reissue = audit.find((a) => a.action === "order.reissue_as_factura")?.data as
    { rut?: string; businessName?: string; boleta?: { folio?: number } } | undefined;

  return (
    <Page
      title={`${t("Pedido", "Order")} ${order.number ?? order.externalId}`}
      backAction={{ content: t("Pedidos", "Orders"), url: withLang("/app/orders", lang) }}
    >
      <BlockStack gap="400">
        <ResultBanner result={result} lang={lang} />
        {reissue ? (
          <Banner
            tone="info"
            title={t(
              "El comprador pidió factura después de emitida la boleta",
              "The buyer asked for an invoice after the receipt was issued",
            )}
          >
            <p>
              {reissue.businessName} · RUT {reissue.rut}.{" "}
              {t(
                `La Boleta electrónica N° ${reissue.boleta?.folio ?? ""} se anula con una nota de crédito y se emite la factura.`,
                `Receipt N° ${reissue.boleta?.folio ?? ""} is cancelled with a credit note and the invoice is issued.`,
              )}
            </p>
          </Banner>
        ) : null}
        {reasons.length > 0 ? (
          <Banner tone="warning" title={t("Pendiente", "Pending")}>
            <List>
              {reasons.map((r, i) => (
                <List.Item key={i}>
                  {r.message}{" "}
                  {r.action ? (
                    <Text as="span" tone="subdued">
                      {r.action}
                    </Text>
                  ) : null}
                </List.Item>
              ))}
            </List>
          </Banner>
        ) : null}
        <Layout>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("Documentos", "Documents")}
                </Text>
                {order.documents.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("Sin documentos todavía.", "No documents yet.")}
                  </Text>
                ) : (
                  order.documents.map((d) => (
                    <InlineStack key={d.id} gap="300" blockAlign="center">
                      <Text as="span" fontWeight="semibold">
                        {docLabel(d.type, d.folio, lang)}
                      </Text>
                      <Text as="span">{clp(d.total)}</Text>
                      <Badge tone={STATE_NAMES[d.state]?.tone}>{STATE_NAMES[d.state]?.[lang] ?? d.state}</Badge>
                      <Link url={d.pdfUrl} target="_blank">
                        PDF
                      </Link>
                      <Link url={d.xmlUrl} target="_blank">
                        XML
                      </Link>
                      <Text as="span" tone="subdued">
                        {d.emailedAt
                          ? `${t("enviado", "e-mailed")} ${formatDate(d.emailedAt, lang)}`
                          : t("sin enviar por correo", "not e-mailed")}
                      </Text>
                      <Form method="post">
                        <input type="hidden" name="intent" value="resend" />
                        <input type="hidden" name="documentId" value={d.id} />
                        <Button submit size="slim" disabled={busy || d.state === "rejected"}>
                          {t("Reenviar correo", "Resend e-mail")}
                        </Button>
                      </Form>
                    </InlineStack>
                  ))
                )}
                <InlineStack gap="200">
                  <Form method="post">
                    <input type="hidden" name="intent" value="issue" />
                    <Button submit variant="primary" disabled={busy || sale !== undefined}>
                      {t("Emitir ahora", "Issue now")}
                    </Button>
                  </Form>
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("Comprador", "Buyer")}
                </Text>
                <Text as="p">{buyer.name ?? "—"}</Text>
                <Text as="p">{buyer.email ?? "—"}</Text>
                <Text as="p">
                  {buyer.document === "factura"
                    ? `${t("Factura", "Invoice")}: ${buyer.businessName ?? ""} ${buyer.rut ?? ""}`
                    : t("Boleta", "Receipt")}
                </Text>
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
        {sale ? null : (
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="change-type" />
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("Cambiar tipo de documento", "Change document type")}
                </Text>
                <FormLayout>
                  <Select
                    label={t("Documento", "Document")}
                    name="document"
                    options={[
                      { label: t("Boleta", "Receipt (boleta)"), value: "boleta" },
                      { label: t("Factura", "Invoice (factura)"), value: "factura" },
                    ]}
                    value={docType}
                    onChange={setDocType}
                  />
                  {docType === "factura" ? (
                    <FormLayout.Group>
                      <TextField
                        label="RUT"
                        name="rut"
                        value={fiscal.rut}
                        onChange={(v) => setFiscal((f) => ({ ...f, rut: v }))}
                        autoComplete="off"
                      />
                      <TextField
                        label={t("Razón social", "Company name")}
                        name="businessName"
                        value={fiscal.businessName}
                        onChange={(v) => setFiscal((f) => ({ ...f, businessName: v }))}
                        autoComplete="off"
                      />
                      <TextField
                        label={t("Giro", "Line of business")}
                        name="activity"
                        value={fiscal.activity}
                        onChange={(v) => setFiscal((f) => ({ ...f, activity: v }))}
                        autoComplete="off"
                      />
                    </FormLayout.Group>
                  ) : null}
                  {docType === "factura" ? (
                    <FormLayout.Group>
                      <TextField
                        label={t("Dirección", "Address")}
                        name="address"
                        value={fiscal.address}
                        onChange={(v) => setFiscal((f) => ({ ...f, address: v }))}
                        autoComplete="off"
                      />
                      <TextField
                        label={t("Comuna", "Commune")}
                        name="commune"
                        value={fiscal.commune}
                        onChange={(v) => setFiscal((f) => ({ ...f, commune: v }))}
                        autoComplete="off"
                      />
                    </FormLayout.Group>
                  ) : null}
                </FormLayout>
                <InlineStack>
                  <Button submit disabled={busy}>
                    {t("Guardar y emitir", "Save and issue")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        )}
        {sale ? (
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="credit-note" />
              <input type="hidden" name="requestId" value={requestId} />
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("Nota de crédito", "Credit note")}
                </Text>
                <Text as="p" tone="subdued">
                  {t(
                    "Anula lo que queda sin devolver del pedido con una nota de crédito que referencia el documento.",
                    "Cancels what is left of the order with a credit note referencing the document.",
                  )}
                </Text>
                <TextField
                  label={t("Motivo", "Reason")}
                  name="reason"
                  value={reason}
                  onChange={setReason}
                  autoComplete="off"
                  maxLength={90}
                />
                <InlineStack>
                  <Button submit tone="critical" disabled={busy}>
                    {t("Emitir nota de crédito", "Issue credit note")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        ) : null}
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("Historial", "History")}
            </Text>
            <HistoryList rows={audit} lang={lang} />
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
