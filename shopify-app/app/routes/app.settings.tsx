import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import {
  customerCodesView,
  readStoreSettings,
  setCompany,
  setCustomerCodes,
  setStoreSyncConfig,
  storeSyncView,
  updateStoreSettings,
} from "@timbre/core/admin";
import { useState } from "react";
import { failure, notConnected, shopAdmin, success, type ActionResult } from "../admin/admin-context.server";
import { decimal, text } from "../admin/form-values";
import { translator } from "../admin/i18n";
import { ResultBanner } from "../admin/ui";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang } = await shopAdmin(request, context);
  if (!store)
    return {
      lang,
      settings: null,
      email: "",
      lowFolioThreshold: 50,
      printCedible: false,
      safetyBuffer: 0,
      codes: { guestPrefix: "INV-", accountPrefix: "C-", nextNumber: 1 },
    };
  const [sync, codes] = await Promise.all([
    storeSyncView(hub.db, store.id),
    customerCodesView(hub.db, store.companyId),
  ]);
  return {
    lang,
    safetyBuffer: sync.safetyBuffer,
    codes,
    settings: readStoreSettings(store.settings),
    email: store.company.email ?? "",
    lowFolioThreshold: store.company.lowFolioThreshold,
    printCedible: store.company.printCedible,
  };
};

export const action = async ({ request, context }: ActionFunctionArgs): Promise<ActionResult> => {
  const { hub, store, actor } = await shopAdmin(request, context);
  if (!store) return notConnected();
  const form = await request.formData();
  try {
    if (text(form, "intent") === "buffer") {
      const v = await setStoreSyncConfig(
        hub.db,
        store.id,
        { safetyBuffer: decimal(text(form, "safetyBuffer")) },
        actor,
      );
      const n = v.safetyBuffer.toLocaleString("es-CL");
      return success(
        `Margen de seguridad: la tienda publica ${n} ${v.safetyBuffer === 1 ? "unidad" : "unidades"} menos de lo que hay en bodega.`,
        `Safety buffer: the store shows ${v.safetyBuffer.toLocaleString("en")} fewer units than in stock.`,
      );
    }
    if (text(form, "intent") === "codes") {
      const guestPrefix = text(form, "guestPrefix");
      const accountPrefix = text(form, "accountPrefix");
      const r = await setCustomerCodes(
        hub.db,
        store.companyId,
        { ...(guestPrefix ? { guestPrefix } : {}), ...(accountPrefix ? { accountPrefix } : {}) },
        actor,
      );
      const n = String(r.nextNumber).padStart(6, "0");
      return success(
        `Próximos códigos de cliente: invitados ${r.guestPrefix}${n}, clientes con cuenta ${r.accountPrefix}${n}.`,
        `Next customer codes: guests ${r.guestPrefix}${n}, account holders ${r.accountPrefix}${n}.`,
      );
    }
    await updateStoreSettings(
      hub.db,
      store.id,
      {
        issueOn: form.get("issueOn") === "delivery" ? "delivery" : "payment",
        defaultDocument: form.get("defaultDocument") === "factura" ? "factura" : "boleta",
        emailBuyer: form.get("emailBuyer") === "on",
      },
      actor,
    );
    const email = String(form.get("email") ?? "").trim();
    await setCompany(
      hub.db,
      store.company.rut,
      {
        email: email === "" ? null : email,
        lowFolioThreshold: Number(form.get("lowFolioThreshold") ?? 50),
        printCedible: form.get("printCedible") === "on",
      },
      actor,
    );
    return success("Ajustes guardados.", "Settings saved.");
  } catch (e) {
    return failure(e);
  }
};

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = translator(data.lang);
  const [issueOn, setIssueOn] = useState<string>(data.settings?.issueOn ?? "payment");
  const [defaultDocument, setDefaultDocument] = useState<string>(data.settings?.defaultDocument ?? "boleta");
  const [emailBuyer, setEmailBuyer] = useState(data.settings?.emailBuyer ?? true);
  const [email, setEmail] = useState(data.email);
  const [threshold, setThreshold] = useState(String(data.lowFolioThreshold));
  const [cedible, setCedible] = useState(data.printCedible);
  const [buffer, setBuffer] = useState(data.safetyBuffer.toLocaleString("es-CL"));
  const [guestPrefix, setGuestPrefix] = useState(data.codes.guestPrefix);
  const [accountPrefix, setAccountPrefix] = useState(data.codes.accountPrefix);
  if (!data.settings) {
    return (
      <Page title={t("Ajustes", "Settings")}>
        <ResultBanner
          result={{
            ok: false,
            error: {
              es: "Primero registre la empresa en Configuración inicial.",
              en: "First register the company in Setup.",
              fields: [],
            },
          }}
          lang={data.lang}
        />
      </Page>
    );
  }
  return (
    <Page title={t("Ajustes", "Settings")}>
      <BlockStack gap="400">
        <ResultBanner result={result} lang={data.lang} />
        <Card>
          <Form method="post">
            <BlockStack gap="300">
              <FormLayout>
                <Select
                  label={t("Cuándo emitir", "When to issue")}
                  name="issueOn"
                  options={[
                    { label: t("Al pagarse el pedido", "When the order is paid"), value: "payment" },
                    { label: t("Al entregarse el pedido", "When the order is delivered"), value: "delivery" },
                  ]}
                  value={issueOn}
                  onChange={setIssueOn}
                />
                <Select
                  label={t("Documento por defecto", "Default document")}
                  name="defaultDocument"
                  helpText={t(
                    "Si el comprador no eligió. Una factura sin RUT válido se emite como boleta.",
                    "When the buyer chose none. An invoice without a valid RUT is issued as a receipt.",
                  )}
                  options={[
                    { label: t("Boleta", "Receipt (boleta)"), value: "boleta" },
                    { label: t("Factura", "Invoice (factura)"), value: "factura" },
                  ]}
                  value={defaultDocument}
                  onChange={setDefaultDocument}
                />
                <Checkbox
                  label={t("Enviar el documento al comprador por correo", "E-mail the document to the buyer")}
                  checked={emailBuyer}
                  onChange={setEmailBuyer}
                />
                {/* The Checkbox is controlled; this hidden input is what the form posts. */}
                {emailBuyer ? <input type="hidden" name="emailBuyer" value="on" /> : null}
                <Checkbox
                  label={t(
                    "Imprimir en las facturas la copia CEDIBLE con el acuse de recibo (para factoring)",
                    "Print the CEDIBLE copy with the acknowledgment of receipt on invoices (for factoring)",
                  )}
                  checked={cedible}
                  onChange={setCedible}
                />
                {cedible ? <input type="hidden" name="printCedible" value="on" /> : null}
                <TextField
                  label={t("Correo de la empresa (respuesta de los correos)", "Company e-mail (reply-to)")}
                  name="email"
                  type="email"
                  value={email}
                  onChange={setEmail}
                  autoComplete="email"
                />
                <TextField
                  label={t("Avisar cuando queden menos folios que", "Warn when fewer folios than")}
                  name="lowFolioThreshold"
                  type="number"
                  value={threshold}
                  onChange={setThreshold}
                  autoComplete="off"
                />
              </FormLayout>
              <Text as="p" tone="subdued">
                {t("Cada cambio queda en el registro.", "Every change is recorded in the log.")}
              </Text>
              <InlineStack>
                <Button submit variant="primary" loading={busy}>
                  {t("Guardar", "Save")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
        <Card>
          <Form method="post" id="buffer-form">
            <input type="hidden" name="intent" value="buffer" />
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("Margen de seguridad del stock", "Stock safety buffer")}
              </Text>
              <TextField
                label={t("Unidades que no se publican", "Units not shown")}
                name="safetyBuffer"
                value={buffer}
                onChange={setBuffer}
                autoComplete="off"
                inputMode="decimal"
                helpText={t(
                  "La tienda muestra lo que hay en bodega menos este margen, para no vender lo que ya se vendió en otro canal.",
                  "The store shows the stock minus this buffer, so it does not sell what another channel already sold.",
                )}
              />
              <InlineStack>
                <Button submit loading={busy}>
                  {t("Guardar margen", "Save buffer")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
        <Card>
          <Form method="post" id="codes-form">
            <input type="hidden" name="intent" value="codes" />
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("Códigos de cliente", "Customer codes")}
              </Text>
              <Text as="p" tone="subdued">
                {t(
                  `Los clientes nuevos reciben un código con este prefijo; el próximo número es ${String(data.codes.nextNumber).padStart(6, "0")}.`,
                  `New customers get a code with this prefix; the next number is ${String(data.codes.nextNumber).padStart(6, "0")}.`,
                )}
              </Text>
              <FormLayout>
                <FormLayout.Group>
                  <TextField
                    label={t("Prefijo de clientes con cuenta", "Account holders' prefix")}
                    name="accountPrefix"
                    value={accountPrefix}
                    onChange={setAccountPrefix}
                    autoComplete="off"
                  />
                  <TextField
                    label={t("Prefijo de compras como invitado", "Guests' prefix")}
                    name="guestPrefix"
                    value={guestPrefix}
                    onChange={setGuestPrefix}
                    autoComplete="off"
                    helpText={t("Distinto del de clientes con cuenta.", "Different from the account holders' one.")}
                  />
                </FormLayout.Group>
              </FormLayout>
              <InlineStack>
                <Button submit loading={busy}>
                  {t("Guardar prefijos", "Save prefixes")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
      </BlockStack>
    </Page>
  );
}
