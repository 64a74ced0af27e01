/**
 * The emulator driven the way an outside client written from research/sii.md §9 would: literal SOAP
 * envelopes, multipart forms and JSON, with no help from Timbre's SII client.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signXml } from "../../src/rules/dte/signing.js";
import type { SiiEmulator } from "../../src/testing/sii/emulator.js";
import { emulator, envelopeOf, keys, signedDte } from "./support.js";

let emu: SiiEmulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(() => emu.close());

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

async function soap(path: string, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(emu.url + path, {
    method: "POST",
    headers: { "Content-Type": "text/xml; charset=utf-8", SOAPAction: "" },
    body: `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`,
  });
  return { status: res.status, text: await res.text() };
}

async function dteToken(): Promise<string> {
  const seedAnswer = await soap("/DTEWS/CrSeed.jws", "<getSeed/>");
  expect(seedAnswer.status).toBe(200);
  expect(seedAnswer.text).toMatch(/<getSeedReturn[^>]*>&lt;\?xml/);
  const seed = tag(unescape(seedAnswer.text), "SEMILLA")!;
  expect(seed).toMatch(/^\d{12}$/);
  expect(tag(unescape(seedAnswer.text), "ESTADO")).toBe("00");
  const signed = signXml(`<getToken><item><Semilla>${seed}</Semilla></item></getToken>`, keys().signing);
  const tokenAnswer = unescape(
    (await soap("/DTEWS/GetTokenFromSeed.jws", `<getToken><pszXml>${escape(signed)}</pszXml></getToken>`)).text,
  );
  expect(tag(tokenAnswer, "ESTADO")).toBe("00");
  expect(tag(tokenAnswer, "GLOSA")).toBe("Token Creado");
  return tag(tokenAnswer, "TOKEN")!;
}

function uploadForm(xml: string, file = "envio.xml"): FormData {
  const form = new FormData();
  form.set("rutSender", "11111111");
  form.set("dvSender", "1");
  form.set("rutCompany", "76192083");
  form.set("dvCompany", "9");
  form.set("archivo", new Blob([Buffer.from(xml, "latin1")], { type: "text/xml" }), file);
  return form;
}

describe("DTE channel, by hand", () => {
  it("seed → signed getToken → multipart DTEUpload with Cookie: TOKEN → QueryEstUp", async () => {
    const token = await dteToken();
    expect(token).toMatch(/^[A-Z0-9]{13}$/);
    const upload = await fetch(emu.url + "/cgi_dte/UPL/DTEUpload", {
      method: "POST",
      headers: { Cookie: `TOKEN=${token}` },
      body: uploadForm(envelopeOf([signedDte(33, 50)])),
    });
    const recepcion = await upload.text();
    expect(recepcion).toMatch(/^<\?xml version="1.0"\?>\n<RECEPCIONDTE>/);
    expect(tag(recepcion, "STATUS")).toBe("0");
    expect(tag(recepcion, "RUTSENDER")).toBe("11111111-1");
    expect(tag(recepcion, "RUTCOMPANY")).toBe("76192083-9");
    expect(tag(recepcion, "FILE")).toBe("envio.xml");
    const trackId = tag(recepcion, "TRACKID")!;
    expect(trackId).toMatch(/^\d{10}$/);

    const estUp = await soap(
      "/DTEWS/QueryEstUp.jws",
      `<getEstUp><RutCompania>76192083</RutCompania><DvCompania>9</DvCompania><TrackId>${trackId}</TrackId><Token>${token}</Token></getEstUp>`,
    );
    const answer = unescape(estUp.text);
    expect(answer).toContain('<SII:RESPUESTA xmlns:SII="http://www.sii.cl/XMLSchema">');
    expect(tag(answer, "ESTADO")).toBe("EPR");
    expect(tag(answer, "GLOSA")).toBe("Envio Procesado");
    expect(tag(answer, "TRACKID")).toBe(trackId);
    expect(tag(answer, "NUM_ATENCION")).toMatch(/^\d+ \( \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\)$/);
    expect(answer).toContain(
      "<TIPO_DOCTO>33</TIPO_DOCTO><INFORMADOS>1</INFORMADOS><ACEPTADOS>1</ACEPTADOS><RECHAZADOS>0</RECHAZADOS><REPAROS>0</REPAROS>",
    );

    // Positional parameters under other names (libredte's Rut/Dv) and a CDATA return are read the same.
    const positional = unescape(
      (
        await soap(
          "/DTEWS/QueryEstUp.jws",
          `<ns1:getEstUp xmlns:ns1="http://DefaultNamespace"><Rut>76192083</Rut><Dv>9</Dv><TrackId>${trackId}</TrackId><Token>${token}</Token></ns1:getEstUp>`,
        )
      ).text,
    );
    expect(tag(positional, "ESTADO")).toBe("EPR");
  });

  it("answers STATUS 7 to a file that is not an EnvioDTE, and takes a CDATA pszXml", async () => {
    const seed = tag(unescape((await soap("/DTEWS/CrSeed.jws", "<getSeed/>")).text), "SEMILLA")!;
    const signed = signXml(`<getToken><item><Semilla>${seed}</Semilla></item></getToken>`, keys().signing);
    const token = tag(
      unescape(
        (await soap("/DTEWS/GetTokenFromSeed.jws", `<getToken><pszXml><![CDATA[${signed}]]></pszXml></getToken>`)).text,
      ),
      "TOKEN",
    )!;
    const upload = await fetch(emu.url + "/cgi_dte/UPL/DTEUpload", {
      method: "POST",
      headers: { Cookie: `TOKEN=${token}` },
      body: uploadForm(envelopeOf([signedDte(39, 50)])),
    });
    const recepcion = await upload.text();
    expect(tag(recepcion, "STATUS")).toBe("7");
    expect(recepcion).toMatch(/<DETAIL>\s*<ERROR>[^<]*EnvioBOLETA[^<]*<\/ERROR>/);
  });

  it("publishes a WSDL for each service and faults unknown operations", async () => {
    const wsdl = await (await fetch(emu.url + "/DTEWS/QueryEstUp.jws?WSDL")).text();
    expect(wsdl).toContain('<wsdl:operation name="getEstUp" parameterOrder="RutCompania DvCompania TrackId Token">');
    const fault = await soap("/DTEWS/CrSeed.jws", "<getToken/>");
    expect(fault.status).toBe(500);
    expect(fault.text).toContain("<faultstring>No such operation &apos;getToken&apos;</faultstring>");
  });
});

describe("boleta channel, by hand", () => {
  it("GET semilla → POST token → multipart envío with Cookie: TOKEN → GET estado JSON", async () => {
    const seedXml = await (
      await fetch(emu.url + "/recursos/v1/boleta.electronica.semilla", { headers: { Accept: "application/xml" } })
    ).text();
    const seed = tag(seedXml, "SEMILLA")!;
    const signed = signXml(
      `<?xml version="1.0" encoding="UTF-8"?><getToken><item><Semilla>${seed}</Semilla></item></getToken>`,
      keys().signing,
    );
    const tokenXml = await (
      await fetch(emu.url + "/recursos/v1/boleta.electronica.token", {
        method: "POST",
        headers: { "Content-Type": "application/xml" },
        body: signed,
      })
    ).text();
    const token = tag(tokenXml, "TOKEN")!;

    const upload = await fetch(emu.url + "/recursos/v1/boleta.electronica.envio", {
      method: "POST",
      headers: { Cookie: `TOKEN=${token}` },
      body: uploadForm(envelopeOf([signedDte(39, 60)]), "EnvioBOLETA.xml"),
    });
    expect(upload.status).toBe(200);
    const received = (await upload.json()) as Record<string, unknown>;
    expect(received).toMatchObject({
      rut_emisor: "76192083-9",
      rut_envia: "11111111-1",
      estado: "REC",
      file: "EnvioBOLETA.xml",
    });
    expect(String(received.trackid)).toMatch(/^\d{15}$/);
    expect(received.fecha_recepcion).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const status = await fetch(
      emu.url + `/recursos/v1/boleta.electronica.envio/76192083-9-${String(received.trackid)}`,
      { headers: { Cookie: `TOKEN=${token}`, Accept: "application/json" } },
    );
    expect(await status.json()).toMatchObject({
      rut_emisor: "76192083-9",
      trackid: received.trackid,
      estado: "EPR",
      estadistica: [{ tipo: 39, informados: 1, aceptados: 1, rechazados: 0, reparos: 0 }],
      detalle_rep_rech: [],
    });

    const noToken = await fetch(
      emu.url + `/recursos/v1/boleta.electronica.envio/76192083-9-${String(received.trackid)}`,
    );
    expect(noToken.status).toBe(401);

    const empty = await fetch(emu.url + "/recursos/v1/boleta.electronica.envio", {
      method: "POST",
      headers: { Cookie: `TOKEN=${token}` },
      body: uploadForm(""),
    });
    const emptyId = String(((await empty.json()) as { trackid: number }).trackid);
    const vof = await fetch(emu.url + `/recursos/v1/boleta.electronica.envio/76192083-9-${emptyId}`, {
      headers: { Cookie: `TOKEN=${token}` },
    });
    expect(((await vof.json()) as { estado: string }).estado).toBe("VOF");
  });
});
