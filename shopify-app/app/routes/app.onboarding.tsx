import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Layout,
  List,
  Page,
  RadioButton,
  Text,
  TextField,
} from "@shopify/polaris";
import {
  cafVerificationKeys,
  connectShopCompany,
  loadCaf,
  loadCompanyCertificate,
  onboardingStatus,
  setCompany,
} from "@timbre/core/admin";
import { useState } from "react";
import { failure, notConnected, shopAdmin, success, type ActionResult } from "../admin/admin-context.server";
import { translator, typeName, type Lang } from "../admin/i18n";
import { formatDate, ResultBanner } from "../admin/ui";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang, shop } = await shopAdmin(request, context);
  return { lang, shop, status: await onboardingStatus(hub.db, store?.companyId ?? null), demo: hub.config.demo };
};

/** Files arrive as multipart; a File part becomes bytes, anything else is not a file. */
async function fileBytes(v: FormDataEntryValue | null): Promise<Uint8Array | null> {
  if (!v || typeof v === "string" || v.size === 0) return null;
  return new Uint8Array(await v.arrayBuffer());
}

const text = (form: FormData, k: string) => String(form.get(k) ?? "").trim();

const CAF_NOUN: Record<number, string> = {
  33: "factura",
  34: "factura exenta",
  39: "boleta",
  41: "boleta exenta",
  52: "guía de despacho",
  56: "nota de débito",
  61: "nota de crédito",
};

export const action = async ({ request, context }: ActionFunctionArgs): Promise<ActionResult> => {
  const { hub, store, shop, actor } = await shopAdmin(request, context);
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "company") {
      const actecos = text(form, "actecos")
        .split(/[,\s]+/)
        .filter(Boolean)
        .map(Number);
      const email = text(form, "email");
      const r = await connectShopCompany(hub.db, hub.encryptor, {
        platform: "shopify",
        shopDomain: shop,
        shopName: shop.replace(/\.myshopify\.com$/, ""),
        rut: text(form, "rut"),
        company: {
          businessName: text(form, "businessName"),
          activity: text(form, "activity"),
          actecos,
          address: text(form, "address"),
          commune: text(form, "commune"),
          city: text(form, "city"),
          siiOffice: text(form, "siiOffice"),
          email: email === "" ? null : email,
        },
        actor,
      });
      return success(
        `Empresa ${r.company.businessName} (${r.company.rut}) guardada.`,
        `Company ${r.company.businessName} (${r.company.rut}) saved.`,
      );
    }
    if (!store) return notConnected();
    if (intent === "certificate") {
      const pfx = await fileBytes(form.get("pfx"));
      if (!pfx)
        return {
          ok: false,
          error: {
            es: "Elija el archivo .pfx o .p12 del certificado.",
            en: "Choose the certificate's .pfx or .p12 file.",
            fields: [{ field: "pfx", message: "required" }],
          },
        };
      const cert = await loadCompanyCertificate(hub.db, hub.encryptor, {
        companyId: store.companyId,
        source: { pfx: Buffer.from(pfx), password: String(form.get("password") ?? "") },
        actor,
      });
      return success(
        `Certificado de ${cert.subjectName} cargado; vence el ${cert.notAfter.toISOString().slice(0, 10)}.`,
        `Certificate of ${cert.subjectName} loaded; expires ${cert.notAfter.toISOString().slice(0, 10)}.`,
      );
    }
    if (intent === "caf") {
      const xml = await fileBytes(form.get("caf"));
      if (!xml)
        return {
          ok: false,
          error: {
            es: "Elija el archivo XML del CAF descargado del SII.",
            en: "Choose the CAF XML file downloaded from the SII.",
            fields: [{ field: "caf", message: "required" }],
          },
        };
      const { caf, created } = await loadCaf(hub.db, hub.encryptor, {
        companyId: store.companyId,
        xml,
        siiKeys: cafVerificationKeys(hub.config),
        actor,
        testOnly: hub.config.demo,
      });
      const range = `${caf.folioFrom}–${caf.folioTo}`;
      return created
        ? success(
            `CAF cargado: folios ${caf.folioFrom} a ${caf.folioTo} de ${CAF_NOUN[caf.documentType] ?? "documentos"}.`,
            `CAF loaded: folios ${caf.folioFrom} to ${caf.folioTo} (${typeName(caf.documentType, "en")}).`,
          )
        : success(`Ese CAF (folios ${range}) ya estaba cargado.`, `That CAF (folios ${range}) was already loaded.`);
    }
    if (intent === "environment") {
      const environment = form.get("environment") === "production" ? "production" : "certification";
      const number = Number(text(form, "resolutionNumber") || "0");
      const date = text(form, "resolutionDate");
      if (environment === "production" && (!date || !Number.isInteger(number))) {
        return {
          ok: false,
          error: {
            es: "Para producción indique el número y la fecha de la resolución del SII.",
            en: "For production give the SII resolution number and date.",
            fields: [{ field: "resolutionDate", message: "required" }],
          },
        };
      }
      await setCompany(
        hub.db,
        store.company.rut,
        { environment, resolutionNumber: number, ...(date ? { resolutionDate: date } : {}) },
        actor,
      );
      return environment === "production"
        ? success(
            "Listo: los documentos se emiten en producción, con validez tributaria.",
            "Done: documents are issued in production, legally valid.",
          )
        : success(
            "Listo: ambiente de certificación (pruebas del SII, sin validez tributaria).",
            "Done: certification environment (SII tests, not legally valid).",
          );
    }
    return { ok: false, error: { es: "Acción desconocida.", en: "Unknown action.", fields: [] } };
  } catch (e) {
    return failure(e);
  }
};

function Step({ done, title, lang }: { done: boolean; title: string; lang: Lang }) {
  return (
    <InlineStack gap="200" blockAlign="center">
      <Text as="h2" variant="headingMd">
        {title}
      </Text>
      <Badge tone={done ? "success" : "attention"}>
        {done ? (lang === "en" ? "Done" : "Listo") : lang === "en" ? "Pending" : "Pendiente"}
      </Badge>
    </InlineStack>
  );
}

export default function Onboarding() {
  const { lang, status, shop, demo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = translator(lang);
  const c = status.company;
  const [company, setCompanyFields] = useState({
    rut: c?.rut ?? "",
    businessName: c?.businessName ?? "",
    activity: c?.activity ?? "",
    actecos: c?.actecos.join(", ") ?? "",
    address: c?.address ?? "",
    commune: c?.commune ?? "",
    city: c?.city ?? "",
    email: c?.email ?? "",
    siiOffice: c?.siiOffice ?? "",
  });
  const [password, setPassword] = useState("");
  const [environment, setEnvironment] = useState(status.steps.environment ?? "certification");
  const [resolution, setResolution] = useState({
    number: String(c?.resolution.number ?? ""),
    date: c?.resolution.date ?? "",
  });
  const field = (k: keyof typeof company) => ({
    name: k,
    value: company[k],
    onChange: (v: string) => setCompanyFields((s) => ({ ...s, [k]: v })),
    autoComplete: "off",
    error: result && !result.ok ? result.error.fields.find((f) => f.field === k)?.message : undefined,
  });

  return (
    <Page title={t("Configuración inicial", "Setup")} subtitle={shop}>
      <BlockStack gap="400">
        <ResultBanner result={result} lang={lang} />
        <Layout>
          <Layout.Section>
            <Card>
              <Form method="post" id="company-form">
                <input type="hidden" name="intent" value="company" />
                <BlockStack gap="300">
                  <Step done={status.steps.company} title={t("1. Empresa emisora", "1. Issuing company")} lang={lang} />
                  <Text as="p" tone="subdued">
                    {t(
                      "Los datos con que el SII conoce a su empresa: aparecen en cada boleta y factura.",
                      "Your company as the SII knows it: printed on every receipt and invoice.",
                    )}
                  </Text>
                  <FormLayout>
                    <FormLayout.Group>
                      <TextField
                        label="RUT"
                        {...field("rut")}
                        placeholder="76.192.083-9"
                        disabled={c !== null}
                        helpText={c ? t("El RUT no se cambia.", "The RUT cannot change.") : undefined}
                      />
                      <TextField label={t("Razón social", "Company name")} {...field("businessName")} />
                    </FormLayout.Group>
                    <FormLayout.Group>
                      <TextField label={t("Giro", "Line of business")} {...field("activity")} />
                      <TextField
                        label={t("Códigos de actividad (Acteco)", "Activity codes (Acteco)")}
                        {...field("actecos")}
                        helpText={t("Separados por coma, p. ej. 479100", "Comma separated, e.g. 479100")}
                      />
                    </FormLayout.Group>
                    <TextField label={t("Dirección", "Address")} {...field("address")} />
                    <FormLayout.Group>
                      <TextField label={t("Comuna", "Commune")} {...field("commune")} />
                      <TextField label={t("Ciudad", "City")} {...field("city")} />
                      <TextField label={t("Correo de la empresa", "Company e-mail")} type="email" {...field("email")} />
                    </FormLayout.Group>
                    <TextField
                      label={t("Oficina del SII", "SII office")}
                      {...field("siiOffice")}
                      placeholder="S.I.I. - SANTIAGO ORIENTE"
                      helpText={t(
                        "La dirección regional o unidad del SII de su empresa; se imprime bajo el recuadro del folio.",
                        "Your company's SII regional office; printed under the folio box.",
                      )}
                    />
                  </FormLayout>
                  {c ? <input type="hidden" name="rut" value={company.rut} /> : null}
                  <InlineStack>
                    <Button submit variant="primary" loading={busy}>
                      {t("Guardar empresa", "Save company")}
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Form>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <Form method="post" encType="multipart/form-data" id="certificate-form">
                <input type="hidden" name="intent" value="certificate" />
                <BlockStack gap="300">
                  <Step
                    done={status.steps.certificate}
                    title={t("2. Certificado digital", "2. Digital certificate")}
                    lang={lang}
                  />
                  <Text as="p" tone="subdued">
                    {t(
                      "El archivo .pfx (o .p12) del certificado con que se firman los documentos, y su contraseña. Se guarda cifrado; se revisa que abra con la contraseña y que esté vigente.",
                      "The certificate's .pfx (or .p12) file that signs the documents, and its password. It is stored encrypted; we check it opens with the password and is valid today.",
                    )}
                  </Text>
                  {status.certificate ? (
                    <Text as="p">
                      {status.certificate.subject} · {t("vence", "expires")}{" "}
                      {formatDate(status.certificate.validTo, lang)}
                      {status.certificate.expired ? ` · ${t("VENCIDO", "EXPIRED")}` : ""}
                    </Text>
                  ) : null}
                  <label>
                    <Text as="span">{t("Archivo del certificado", "Certificate file")}</Text>{" "}
                    <input type="file" name="pfx" accept=".pfx,.p12,application/x-pkcs12" />
                  </label>
                  <TextField
                    label={t("Contraseña del certificado", "Certificate password")}
                    type="password"
                    name="password"
                    value={password}
                    onChange={setPassword}
                    autoComplete="off"
                  />
                  <InlineStack>
                    <Button submit loading={busy} disabled={!status.company}>
                      {t("Cargar certificado", "Upload certificate")}
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Form>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <Form method="post" encType="multipart/form-data" id="caf-form">
                <input type="hidden" name="intent" value="caf" />
                <BlockStack gap="300">
                  <Step done={status.steps.caf} title={t("3. Folios (CAF)", "3. Folios (CAF)")} lang={lang} />
                  <Text as="p" tone="subdued">
                    {t(
                      "El archivo XML de folios autorizados que descarga del SII, uno por tipo de documento. Antes de aceptarlo revisamos:",
                      "The authorized folios XML you download from the SII, one per document type. Before accepting it we check:",
                    )}
                  </Text>
                  <List>
                    <List.Item>
                      {t(
                        "que sea de su empresa (el RUT emisor del CAF es el suyo);",
                        "it belongs to your company (the CAF's issuer RUT is yours);",
                      )}
                    </List.Item>
                    <List.Item>
                      {t(
                        "que sea del ambiente elegido (certificación o producción);",
                        "it is for the chosen environment (certification or production);",
                      )}
                    </List.Item>
                    <List.Item>
                      {t(
                        "que lo firmó el SII y trae su llave privada;",
                        "the SII signed it and it carries its private key;",
                      )}
                    </List.Item>
                    <List.Item>
                      {t(
                        "que no esté vencido (los de factura y notas vencen a los 6 meses);",
                        "it has not expired (invoice and note CAFs expire after 6 months);",
                      )}
                    </List.Item>
                    <List.Item>
                      {t(
                        "que sus folios no se crucen con otro CAF ya cargado.",
                        "its folios do not overlap a CAF already loaded.",
                      )}
                    </List.Item>
                  </List>
                  {status.cafs.length > 0 ? (
                    <List>
                      {status.cafs.map((k) => (
                        <List.Item key={`${k.type}-${k.from}`}>
                          {typeName(k.type, lang)}: {k.from}–{k.to}, {t("próximo", "next")} {k.nextFolio}
                          {k.expiresAt ? ` · ${t("vence", "expires")} ${formatDate(k.expiresAt, lang)}` : ""}
                          {k.testOnly ? ` · ${t("solo pruebas", "test only")}` : ""}
                        </List.Item>
                      ))}
                    </List>
                  ) : null}
                  <label>
                    <Text as="span">{t("Archivo CAF (XML)", "CAF file (XML)")}</Text>{" "}
                    <input type="file" name="caf" accept=".xml,text/xml,application/xml" />
                  </label>
                  <InlineStack>
                    <Button submit loading={busy} disabled={!status.company}>
                      {t("Cargar CAF", "Upload CAF")}
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Form>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <Form method="post" id="environment-form">
                <input type="hidden" name="intent" value="environment" />
                <BlockStack gap="300">
                  <Step
                    done={status.steps.environment !== null}
                    title={t("4. Certificación o producción", "4. Certification or production")}
                    lang={lang}
                  />
                  <RadioButton
                    label={t(
                      "Certificación (pruebas con el SII, sin validez tributaria)",
                      "Certification (SII tests, not legally valid)",
                    )}
                    name="environment"
                    id="env-certification"
                    value="certification"
                    checked={environment === "certification"}
                    onChange={() => setEnvironment("certification")}
                  />
                  <RadioButton
                    label={t("Producción (documentos reales)", "Production (real documents)")}
                    name="environment"
                    id="env-production"
                    value="production"
                    checked={environment === "production"}
                    onChange={() => setEnvironment("production")}
                  />
                  {environment === "production" ? (
                    <FormLayout.Group>
                      <TextField
                        label={t("N° de resolución SII", "SII resolution number")}
                        name="resolutionNumber"
                        type="number"
                        value={resolution.number}
                        onChange={(v) => setResolution((r) => ({ ...r, number: v }))}
                        autoComplete="off"
                      />
                      <TextField
                        label={t("Fecha de resolución", "Resolution date")}
                        name="resolutionDate"
                        type="date"
                        value={resolution.date}
                        onChange={(v) => setResolution((r) => ({ ...r, date: v }))}
                        autoComplete="off"
                      />
                    </FormLayout.Group>
                  ) : null}
                  {demo ? (
                    <Text as="p" tone="subdued">
                      {t("Modo demo: el SII es un emulador.", "Demo mode: the SII is an emulator.")}
                    </Text>
                  ) : null}
                  <InlineStack>
                    <Button submit loading={busy} disabled={!status.company}>
                      {t("Guardar ambiente", "Save environment")}
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Form>
            </Card>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
