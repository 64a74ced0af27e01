import { describe, expect, it } from "vitest";
import { resolveBaseUrls } from "../../src/hub/sii/environments.js";
import {
  BoletaStatusAnswerSchema,
  BoletaUploadAnswerSchema,
  estUpStats,
  parseRecepcion,
  parseRespuesta,
} from "../../src/hub/sii/sii-answers.js";
import {
  buildSoapRequest,
  buildSoapResponse,
  readSoapRequest,
  readSoapReturn,
  SoapShapeError,
} from "../../src/hub/sii/soap.js";
import { describeCode, ENVELOPE_STATES, UPLOAD_STATUS } from "../../src/hub/sii/status-codes.js";

describe("base URLs", () => {
  it("uses the SII hosts of each environment", () => {
    expect(resolveBaseUrls("certification")).toEqual({
      seedTokenDte: "https://maullin.sii.cl",
      uploadDte: "https://maullin.sii.cl",
      boletaApi: "https://apicert.sii.cl",
      boletaUpload: "https://pangal.sii.cl",
    });
    expect(resolveBaseUrls("production")).toEqual({
      seedTokenDte: "https://palena.sii.cl",
      uploadDte: "https://palena.sii.cl",
      boletaApi: "https://api.sii.cl",
      boletaUpload: "https://rahue.sii.cl",
    });
  });

  it("lets one base URL replace every host, and single families override it", () => {
    const urls = resolveBaseUrls("production", {
      baseUrl: "http://127.0.0.1:9000/",
      overrides: { boletaUpload: "http://up.local" },
    });
    expect(urls).toEqual({
      seedTokenDte: "http://127.0.0.1:9000",
      uploadDte: "http://127.0.0.1:9000",
      boletaApi: "http://127.0.0.1:9000",
      boletaUpload: "http://up.local",
    });
    expect(() => resolveBaseUrls("certification", { baseUrl: "maullin" })).toThrow(/is not valid/);
  });
});

describe("SOAP (Axis RPC/encoded)", () => {
  it("reads the escaped SII answer inside <op>Return, as maullin sends it", () => {
    // Shape of a real CrSeed answer (Axis 1): the SII:RESPUESTA document escaped as text.
    const real =
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
      'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>' +
      '<ns1:getSeedResponse soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="https://maullin.sii.cl/DTEWS/CrSeed.jws">' +
      '<getSeedReturn xsi:type="xsd:string">&lt;?xml version=&quot;1.0&quot; encoding=&quot;UTF-8&quot;?&gt;&lt;SII:RESPUESTA xmlns:SII=&quot;http://www.sii.cl/XMLSchema&quot;&gt;' +
      "&lt;SII:RESP_BODY&gt;&lt;SEMILLA&gt;076585219852&lt;/SEMILLA&gt;&lt;/SII:RESP_BODY&gt;&lt;SII:RESP_HDR&gt;&lt;ESTADO&gt;00&lt;/ESTADO&gt;&lt;/SII:RESP_HDR&gt;&lt;/SII:RESPUESTA&gt;" +
      "</getSeedReturn></ns1:getSeedResponse></soapenv:Body></soapenv:Envelope>";
    const r = parseRespuesta(readSoapReturn(real, "getSeed"));
    expect(r.hdr.get("ESTADO")).toBe("00");
    expect(r.body).toEqual([{ name: "SEMILLA", value: "076585219852" }]);
  });

  it("round-trips a request and an answer, CDATA included", () => {
    const req = buildSoapRequest("getEstUp", [
      ["RutCompania", "76354771"],
      ["DvCompania", "K"],
      ["TrackId", "0251552460"],
      ["Token", "A<B&C"],
    ]);
    expect(readSoapRequest(req)).toEqual({
      operation: "getEstUp",
      params: [
        { name: "RutCompania", value: "76354771" },
        { name: "DvCompania", value: "K" },
        { name: "TrackId", value: "0251552460" },
        { name: "Token", value: "A<B&C" },
      ],
    });
    const inner =
      '<?xml version="1.0"?><SII:RESPUESTA xmlns:SII="http://www.sii.cl/XMLSchema"><SII:RESP_HDR><ESTADO>EPR</ESTADO></SII:RESP_HDR></SII:RESPUESTA>';
    expect(readSoapReturn(buildSoapResponse("getEstUp", inner, "http://x/DTEWS/QueryEstUp.jws"), "getEstUp")).toBe(
      inner,
    );
    const cdata = `<Envelope><Body><getTokenResponse><getTokenReturn><![CDATA[${inner}]]></getTokenReturn></getTokenResponse></Body></Envelope>`;
    expect(readSoapReturn(cdata, "getToken")).toBe(inner);
  });

  it("reports SOAP faults and foreign answers", () => {
    const fault =
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>boom</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>';
    expect(() => readSoapReturn(fault, "getSeed")).toThrow(/SOAP fault: boom/);
    expect(() => readSoapReturn("<html>Error 500</html>", "getSeed")).toThrow(SoapShapeError);
  });
});

describe("SII answers", () => {
  it("reads QueryEstUp counts per document type", () => {
    const r = parseRespuesta(
      '<SII:RESPUESTA xmlns:SII="http://www.sii.cl/XMLSchema"><SII:RESP_HDR><TRACKID>0251552460</TRACKID><ESTADO>EPR</ESTADO><GLOSA>Envio Procesado</GLOSA>' +
        "<NUM_ATENCION>1 ( 2025/01/15 10:11:12)</NUM_ATENCION></SII:RESP_HDR><SII:RESP_BODY>" +
        "<TIPO_DOCTO>33</TIPO_DOCTO><INFORMADOS>3</INFORMADOS><ACEPTADOS>1</ACEPTADOS><RECHAZADOS>1</RECHAZADOS><REPAROS>1</REPAROS>" +
        "<TIPO_DOCTO>61</TIPO_DOCTO><INFORMADOS>1</INFORMADOS><ACEPTADOS>1</ACEPTADOS><RECHAZADOS>0</RECHAZADOS><REPAROS>0</REPAROS>" +
        "</SII:RESP_BODY></SII:RESPUESTA>",
    );
    expect(r.hdr.get("ESTADO")).toBe("EPR");
    expect(estUpStats(r)).toEqual([
      { tipo: 33, informados: 3, aceptados: 1, rechazados: 1, reparos: 1 },
      { tipo: 61, informados: 1, aceptados: 1, rechazados: 0, reparos: 0 },
    ]);
    // A body without TIPO_DOCTO still counts.
    const bare = parseRespuesta(
      "<RESPUESTA><RESP_BODY><INFORMADOS>1</INFORMADOS><ACEPTADOS>1</ACEPTADOS></RESP_BODY><RESP_HDR><ESTADO>EPR</ESTADO></RESP_HDR></RESPUESTA>",
    );
    expect(estUpStats(bare)).toEqual([{ tipo: undefined, informados: 1, aceptados: 1, rechazados: 0, reparos: 0 }]);
  });

  it("reads RECEPCIONDTE as the SII prints it, with and without a track id", () => {
    const ok = parseRecepcion(
      '<?xml version="1.0"?>\n<RECEPCIONDTE>\n <RUTSENDER>22222222-2</RUTSENDER>\n <RUTCOMPANY>78416626-0</RUTCOMPANY>\n <FILE>rcof.xml</FILE>\n' +
        " <TIMESTAMP>2026-06-12 14:56:57</TIMESTAMP>\n <STATUS>0</STATUS>\n\n\n <TRACKID>0251552460</TRACKID>\n\n</RECEPCIONDTE>",
    );
    expect(ok).toMatchObject({
      status: "0",
      trackId: "0251552460",
      rutCompany: "78416626-0",
      timestamp: "2026-06-12 14:56:57",
    });
    const schema = parseRecepcion(
      "<RECEPCIONDTE><STATUS>7</STATUS><DETAIL><ERROR>LSX-00213: only 0 occurrences</ERROR></DETAIL></RECEPCIONDTE>",
    );
    expect(schema).toMatchObject({ status: "7", trackId: undefined, errors: ["LSX-00213: only 0 occurrences"] });
  });

  it("validates the boleta JSON answers", () => {
    expect(
      BoletaUploadAnswerSchema.parse({
        rut_emisor: "45000054-K",
        rut_envia: "8315495-0",
        trackid: 100000000000123,
        fecha_recepcion: "2020-10-26 13:54:07",
        estado: "REC",
        file: "EnvioBOLETA.xml",
      }).trackid,
    ).toBe("100000000000123");
    const status = BoletaStatusAnswerSchema.parse({
      rut_emisor: "45000054-K",
      trackid: 1014,
      estado: "EPR",
      estadistica: [{ tipo: 39, informados: 3, aceptados: 2, rechazados: 1, reparos: 0 }],
      detalle_rep_rech: [
        {
          tipo: 39,
          folio: 1202,
          estado: "RCH",
          descripcion: "Dte Rechazado",
          error: [{ seccion: "DTE", codigo: 505, descripcion: "Firma DTE Incorrecta" }],
        },
      ],
    });
    expect(status.detalle_rep_rech[0]?.error[0]).toEqual({
      seccion: "DTE",
      linea: undefined,
      nivel: undefined,
      codigo: 505,
      descripcion: "Firma DTE Incorrecta",
      detalle: undefined,
    });
    expect(
      BoletaStatusAnswerSchema.parse({ estado: "REC", estadistica: null, detalle_rep_rech: null }).estadistica,
    ).toEqual([]);
    expect(BoletaStatusAnswerSchema.safeParse({ trackid: 1 }).success).toBe(false);
  });

  it("knows what every upload status and envelope state means", () => {
    for (const s of ["0", "1", "2", "3", "5", "6", "7", "8", "9", "99"]) expect(UPLOAD_STATUS.get(s)).toBeDefined();
    expect(describeCode(UPLOAD_STATUS, "5").disposition).toBe("reauthenticate");
    expect(describeCode(UPLOAD_STATUS, "9").disposition).toBe("retry");
    for (const s of ["REC", "SOK", "CRT", "FOK", "PRD", "PDR"])
      expect(describeCode(ENVELOPE_STATES, s).disposition).toBe("in_progress");
    for (const s of ["RSC", "RFR", "RCT", "RPT", "VOF", "RCH", "RCO"])
      expect(describeCode(ENVELOPE_STATES, s).disposition).toBe("rejected");
    for (const s of ["EPR", "RPR", "RLV"]) expect(describeCode(ENVELOPE_STATES, s).disposition).toBe("processed");
    for (const s of ["001", "002", "003"]) expect(describeCode(ENVELOPE_STATES, s).disposition).toBe("reauthenticate");
    expect(describeCode(ENVELOPE_STATES, "-11").disposition).toBe("query_error");
    expect(describeCode(ENVELOPE_STATES, "107")).toMatchObject({ code: "107", disposition: "query_error" });
  });
});
