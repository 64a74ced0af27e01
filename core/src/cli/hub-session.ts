import { loadConfig } from "../hub/config.js";
import { openHub, type Hub } from "../hub/hub.js";

/** Opens the hub's database for one command (through the running hub when there is one). */
export async function withHub<T>(fn: (hub: Hub) => Promise<T>): Promise<T> {
  const hub = await openHub(loadConfig(), { role: "cli" });
  try {
    return await fn(hub);
  } finally {
    await hub.close();
  }
}
