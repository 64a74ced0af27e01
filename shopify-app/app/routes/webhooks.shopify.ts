import type { ActionFunctionArgs } from "@remix-run/node";
import "../load-context";
import "../shopify/load-context";
import { receiveShopifyWebhook } from "../../src/shopify/webhook-receiver.js";
import { shopifyEnv } from "../shopify.server";

// POST /webhooks/shopify: every topic of shopify.app.toml (HMAC, dedupe, queue; see webhook-receiver.ts).
export const action = ({ request, context }: ActionFunctionArgs) =>
  receiveShopifyWebhook(request, {
    db: context.hub.db,
    secret: shopifyEnv.configured ? shopifyEnv.apiSecret : undefined,
    ...(context.wake ? { wake: context.wake } : {}),
    ...(context.shopify?.onAccepted ? { onAccepted: context.shopify.onAccepted } : {}),
  });

export const loader = () => new Response("Method not allowed", { status: 405 });
