import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useState } from "preact/hooks";
import { errorFor, type FiscalField } from "@timbre/ext-shared";
import {
  attributeUpdates,
  changeField,
  initialState,
  languageOf,
  TEXT,
  touchField,
  visibleErrors,
  type FiscalFormState,
} from "./fiscal-form.js";

// The element types the events carry are not narrowed by the JSX props, so read them explicitly.
const valueOf = (e: Event): string => (e.currentTarget as { value?: string } | null)?.value ?? "";
const choiceOf = (e: Event): string => (e.currentTarget as { values?: string[] } | null)?.values?.[0] ?? "boleta";

export default async () => {
  render(<FiscalFieldsBlock />, document.body);
};

function FiscalFieldsBlock() {
  const t = TEXT[languageOf(shopify.localization.language.value.isoCode)];
  const [state, setState] = useState<FiscalFormState>(() => initialState(shopify.attributes.value));
  const [saveFailed, setSaveFailed] = useState(false);
  const canUpdate = shopify.instructions.value.attributes.canUpdateAttributes;
  const errors = visibleErrors(state);
  const lang = languageOf(shopify.localization.language.value.isoCode);
  const message = (field: FiscalField) => errorFor(errors, field)?.[lang];

  // Written on blur/choice, not per keystroke: each write is a round trip to checkout.
  async function save(next: FiscalFormState) {
    let failed = false;
    for (const change of attributeUpdates(next, shopify.attributes.value)) {
      const result = await shopify.applyAttributeChange(change);
      if (result.type === "error") failed = true;
    }
    setSaveFailed(failed);
  }

  function onChange(field: FiscalField, value: string) {
    setState((s) => changeField(s, field, value));
  }

  function onLeave(field: FiscalField, value: string) {
    const next = touchField(changeField(state, field, value), field);
    setState(next);
    void save(next);
  }

  if (!canUpdate) {
    return <s-banner tone="warning">{t.locked}</s-banner>;
  }

  const factura = state.fields.documentType === "factura";
  return (
    <s-stack gap="base">
      <s-heading>{t.heading}</s-heading>
      <s-choice-list
        name="timbre-document"
        values={[state.fields.documentType]}
        onChange={(e) => onLeave("documentType", choiceOf(e))}
      >
        <s-choice value="boleta">{t.boleta}</s-choice>
        <s-choice value="factura">{t.factura}</s-choice>
      </s-choice-list>
      {factura ? (
        <s-stack gap="base">
          <s-text color="subdued">{t.rutHint}</s-text>
          <s-text-field
            label={t.rut}
            value={state.fields.rut}
            error={message("rut")}
            required
            onInput={(e) => onChange("rut", valueOf(e))}
            onChange={(e) => onLeave("rut", valueOf(e))}
          />
          <s-text-field
            label={t.businessName}
            value={state.fields.businessName}
            error={message("businessName")}
            required
            maxLength={100}
            onInput={(e) => onChange("businessName", valueOf(e))}
            onChange={(e) => onLeave("businessName", valueOf(e))}
          />
          <s-text-field
            label={t.activity}
            value={state.fields.activity}
            error={message("activity")}
            required
            maxLength={40}
            onInput={(e) => onChange("activity", valueOf(e))}
            onChange={(e) => onLeave("activity", valueOf(e))}
          />
        </s-stack>
      ) : null}
      {saveFailed ? <s-banner tone="critical">{t.saveFailed}</s-banner> : null}
    </s-stack>
  );
}
