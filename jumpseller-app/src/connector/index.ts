import { defineConnector } from "@timbre/core/platforms";

/**
 * Jumpseller on the platform kit (discovered through package.json "timbre.connector"). Stores are
 * installed by OAuth (/jumpseller/oauth/start), so `timbre store create` asks for nothing more.
 */
export default defineConnector(() => ({ id: "jumpseller", name: "Jumpseller" }));
