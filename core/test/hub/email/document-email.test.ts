import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentEmail } from "../../../src/hub/email/document-email.js";
import { createMailer } from "../../../src/hub/email/mailer.js";
import { startSmtpSink, type SmtpSink } from "../../../src/testing/smtp-sink.js";

const input = {
  to: "ana@example.cl",
  buyerName: "Ana Pérez",
  issuer: { businessName: "Ferretería Ñuñoa SpA", rut: "76192083-9" },
  type: 39,
  folio: 123,
  total: 13970,
  issueDate: "2026-11-20",
  orderNumber: "#1001",
  pdf: Buffer.from("%PDF-1.7 fake body for the transport test"),
  xml: Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><DTE/>', "latin1"),
};

describe("document e-mail", () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.close());

  it("reaches the buyer over SMTP in Spanish, with the PDF and the XML attached", async () => {
    const mailer = createMailer({
      smtpUrl: sink.url,
      from: "Ferretería Ñuñoa <dte@ferreteria.cl>",
      outboxDir: "/nonexistent",
    });
    await mailer.send(documentEmail(input));
    mailer.close();
    const [mail] = await sink.waitFor(1);
    expect(mail!.subject).toBe("Boleta electrónica N° 123 de Ferretería Ñuñoa SpA (pedido #1001)");
    expect(mail!.text).toContain("Hola Ana Pérez:");
    expect(mail!.text).toContain("$13.970");
    expect(mail!.from?.text).toContain("dte@ferreteria.cl");
    expect(mail!.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ["DTE-76192083-9-T39-F123.pdf", "application/pdf"],
      ["DTE-76192083-9-T39-F123.xml", "application/xml"],
    ]);
    expect(mail!.attachments[1]!.content.equals(input.xml)).toBe(true);
  });

  it("keeps the message as an .eml in the outbox when no SMTP server is configured", async () => {
    const outboxDir = mkdtempSync(join(tmpdir(), "timbre-outbox-"));
    const mailer = createMailer({ smtpUrl: undefined, from: "dte@demo.cl", outboxDir });
    await mailer.send(documentEmail({ ...input, type: 61, folio: 7, orderNumber: undefined }));
    const files = readdirSync(outboxDir);
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(outboxDir, files[0]!), "utf8");
    expect(eml).toContain("ana@example.cl");
    expect(eml).toMatch(/filename=.*DTE-76192083-9-T61-F7\.pdf/);
  });
});
