import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { SiiEmulator } from "../../src/testing/sii/emulator.js";
import { emulator, envelopeOf, ISSUER, keys, signedDte } from "./support.js";

function sink(): Writable & { text: () => string } {
  let buf = "";
  const w = new Writable({
    write(chunk, _enc, cb) {
      buf += String(chunk);
      cb();
    },
  }) as Writable & { text: () => string };
  w.text = () => buf;
  return w;
}

async function timbre(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await main(argv, out, err);
  return { code, out: out.text(), err: err.text() };
}

let emu: SiiEmulator;
const dir = mkdtempSync(join(tmpdir(), "timbre-sii-cli-"));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

beforeAll(async () => {
  emu = await emulator();
});
afterAll(() => emu.close());

describe("timbre sii", () => {
  it("send prints the track id; status prints the state and each document's result", async () => {
    const cert = [
      "--key",
      file("key.pem", keys().cert.keyPem),
      "--cert",
      file("cert.pem", keys().cert.certPem),
      "--base-url",
      emu.url,
    ];
    const bad = signedDte(39, 70, { afterSigning: (x) => x.replace("Café de grano", "Cafe de grano") });
    const envelope = file("envio.xml", Buffer.from(envelopeOf([bad, signedDte(39, 71)]), "latin1"));

    const sent = await timbre("sii", "send", envelope, ...cert);
    expect(sent.code).toBe(0);
    const trackId = sent.out.split("\n")[0]!;
    expect(trackId).toMatch(/^\d{15}$/);

    const status = await timbre("sii", "status", trackId, "--rut", ISSUER.rut, ...cert, "--wait");
    expect(status.code).toBe(0);
    expect(status.out).toContain(`${trackId}: EPR — Envío procesado`);
    expect(status.out).toContain("Tipo 39: 2 informados, 1 aceptados, 0 con reparos, 1 rechazados");
    expect(status.out).toContain("T39 folio 70: RCH — DTE Rechazado");
    expect(status.out).toContain("DTE-3-505 Firma DTE Incorrecta");

    const asJson = await timbre("sii", "status", trackId, "--rut", ISSUER.rut, ...cert, "--json");
    expect(JSON.parse(asJson.out)).toMatchObject({
      state: "EPR",
      outcome: "partially_rejected",
      documents: [{ folio: 70, estado: "RCH" }],
    });
  });

  it("explains failures in Spanish and English with exit code 1", async () => {
    const cert = ["--key", file("key.pem", keys().cert.keyPem), "--cert", file("cert.pem", keys().cert.certPem)];
    const r = await timbre(
      "sii",
      "status",
      "0000000001",
      "--rut",
      ISSUER.rut,
      ...cert,
      "--base-url",
      emu.url,
      "--json",
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).error).toMatchObject({ code: "sii_status_query_failed" });
    expect(JSON.parse(r.out).error.messageEs).toContain("0000000001");
    expect((await timbre("sii", "status", "0000000001", "--rut", ISSUER.rut)).code).toBe(2);
  });

  it("sii-emulator runs alone, prints its URL and stops on SIGTERM", async () => {
    const authority = file("authority.pem", keys().authority.publicKeyPem);
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/run.ts",
        "sii-emulator",
        "--port",
        "0",
        "--step-ms",
        "0",
        "--caf-authority",
        authority,
      ],
      {
        cwd: new URL("../..", import.meta.url),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (d) => {
        stderr += String(d);
        const m = /listening on (http:\/\/\S+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      child.on("exit", () => reject(new Error(`exited early: ${stderr}`)));
    });
    const seed = await (await fetch(`${url}/recursos/v1/boleta.electronica.semilla`)).text();
    expect(seed).toMatch(/<SEMILLA>\d{12}<\/SEMILLA>/);
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", resolve);
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
    expect(stdout).toContain("SII emulator stopped (SIGTERM)");
  }, 30_000);
});
