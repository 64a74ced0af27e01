// The one hosted server: opens the hub (database, migrations, demo), then serves the Remix app, the
// sync API and the platform routes. `npm start` at the repository root builds and runs it.
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import { loadConfig, openHub } from "@timbre/core/hub";
import { startDemo } from "@timbre/core/demo";

const config = loadConfig();
const hub = await openHub(config, { role: "hub" });
const demo = config.demo ? await startDemo(hub) : undefined;

const build = await import(new URL("./build/server/index.js", import.meta.url).href);
const app = express();
app.disable("x-powered-by");
const client = new URL("./build/client", import.meta.url).pathname;
app.use("/assets", express.static(`${client}/assets`, { immutable: true, maxAge: "1y" }));
app.use(express.static(client, { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, getLoadContext: () => ({ hub }) }));

const server = app.listen(config.port, config.host ?? "0.0.0.0", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  console.log(`Timbre hub ${config.version} listening on http://localhost:${port} (${hub.database.kind} database${config.demo ? ", demo" : ""})`);
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`Received ${signal}: stopping`);
  server.close();
  await demo?.close();
  await hub.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
