import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { changeDocumentType, isTimbreError, reissueAsFactura } from "@timbre/core/admin";
import { z } from "zod";
import { buyerRequest, json, orderExternalId } from "../admin/buyer-request.server";

const Body = z.object({
  orderId: z.string().min(1).max(100),
  rut: z.string().max(20),
  businessName: z.string().max(100),
  activity: z.string().max(40),
  // Optional: without them the factura goes to the order's billing address.
  address: z.string().max(70).optional(),
  commune: z.string().max(20).optional(),
});

// Preflight (OPTIONS) arrives as a loader call; the library answers it with the CORS headers.
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { cors } = await buyerRequest(request, context);
  return json({ error: { message: "Use POST.", en: "Use POST." } }, 405, cors);
};

/**
 * POST /extensions/factura-request: the buyer asks for a factura after paying. The RUT is
 * validated again here (the storefront's check is a convenience). Before the sale document is
 * issued the order simply becomes a factura; after a boleta was issued a nota de crédito annuls it
 * and the factura follows (both e-mailed to the buyer).
 */
export const action = async ({ request, context }: ActionFunctionArgs) => {
  const { store, cors, hub } = await buyerRequest(request, context);
  const parsed = Body.safeParse(await request.json().catch(() => null));
  const id = parsed.success ? orderExternalId(parsed.data.orderId) : null;
  if (!parsed.success || !id)
    return json({ error: { message: "Solicitud inválida.", en: "Invalid request." } }, 400, cors);
  if (!store)
    return json(
      { error: { message: "La tienda aún no configura Timbre.", en: "The store has not set up Timbre yet." } },
      409,
      cors,
    );
  try {
    await changeDocumentType(
      hub.db,
      store,
      id,
      {
        document: "factura",
        rut: parsed.data.rut,
        businessName: parsed.data.businessName,
        activity: parsed.data.activity,
      },
      `buyer:${store.shopDomain}`,
    );
    context.wake?.();
    return json(
      {
        message: {
          es: "Listo: su factura se emitirá y le llegará por correo.",
          en: "Done: your invoice will be issued and e-mailed to you.",
        },
      },
      202,
      cors,
    );
  } catch (first) {
    let e = first;
    if (isTimbreError(e) && e.code === "document.already_issued") {
      try {
        await reissueAsFactura(hub.db, store, id, parsed.data, `buyer:${store.shopDomain}`);
        context.wake?.();
        return json(
          {
            message: {
              es: "Listo: anularemos su boleta con una nota de crédito y emitiremos su factura; ambas le llegarán por correo.",
              en: "Done: your receipt will be cancelled with a credit note and your invoice issued; both will be e-mailed to you.",
            },
          },
          202,
          cors,
        );
      } catch (again) {
        e = again;
      }
    }
    if (isTimbreError(e)) {
      const status = e.kind === "not_found" ? 404 : e.kind === "conflict" ? 409 : 422;
      return json({ error: { message: e.user.es, en: e.user.en, fields: e.fields } }, status, cors);
    }
    throw e;
  }
};
