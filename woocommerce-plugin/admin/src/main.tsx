import { render } from "preact";
import { App } from "./app.js";
import { hubClient } from "./host.js";

/** Entry point: the host set window.timbreAdminHost and rendered the container. */
const config = window.timbreAdminHost;
const root = document.getElementById(config?.mount ?? "timbre-admin");
if (root && config) {
  root.textContent = "";
  render(
    <App hub={hubClient(config)} initialTab={new URLSearchParams(location.search).get("timbre_tab") ?? undefined} />,
    root,
  );
} else if (root) {
  root.textContent = "Timbre no está configurado en esta página.";
}
