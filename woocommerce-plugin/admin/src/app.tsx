import { useState } from "preact/hooks";
import type { Hub } from "./host.js";
import { OnboardingScreen } from "./screens/onboarding.js";
import { OrdersScreen } from "./screens/orders.js";
import { StockScreen } from "./screens/stock.js";
import { SettingsScreen } from "./screens/settings.js";
import { BillingScreen } from "./screens/billing.js";

const TABS = [
  { id: "onboarding", label: "Puesta en marcha", Screen: OnboardingScreen },
  { id: "orders", label: "Pedidos", Screen: OrdersScreen },
  { id: "stock", label: "Stock", Screen: StockScreen },
  { id: "settings", label: "Ajustes", Screen: SettingsScreen },
  { id: "billing", label: "Plan", Screen: BillingScreen },
] as const;

export function App({ hub, initialTab }: { hub: Hub; initialTab?: string }) {
  const [tab, setTab] = useState<string>(TABS.some((t) => t.id === initialTab) ? initialTab! : "onboarding");
  const current = TABS.find((t) => t.id === tab) ?? TABS[0];
  return (
    <div class="timbre-app" lang="es-CL">
      <nav class="timbre-tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={t.id === tab}
            class={t.id === tab ? "is-active" : ""}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <current.Screen hub={hub} />
    </div>
  );
}
