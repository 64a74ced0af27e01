/**
 * The SII's DTEWS SOAP services as the emulator publishes them: operation, parameters in WSDL order
 * (sii.md §9; libredte's WSDL copies), and an Axis-1-style RPC/encoded WSDL for clients that read it.
 */
import { SII_PATHS } from "../../hub/sii/environments.js";
import { SOAP_ENCODING } from "../../hub/sii/soap.js";
import { escapeXml } from "../../hub/sii/xml-text.js";

export interface DtewsService {
  name: string;
  path: string;
  operation: string;
  params: readonly string[];
}

export const DTEWS_SERVICES: readonly DtewsService[] = [
  { name: "CrSeed", path: SII_PATHS.crSeed, operation: "getSeed", params: [] },
  { name: "GetTokenFromSeed", path: SII_PATHS.getTokenFromSeed, operation: "getToken", params: ["pszXml"] },
  {
    name: "QueryEstUp",
    path: SII_PATHS.queryEstUp,
    operation: "getEstUp",
    params: ["RutCompania", "DvCompania", "TrackId", "Token"],
  },
  {
    name: "QueryEstDte",
    path: SII_PATHS.queryEstDte,
    operation: "getEstDte",
    params: [
      "RutConsultante",
      "DvConsultante",
      "RutCompania",
      "DvCompania",
      "RutReceptor",
      "DvReceptor",
      "TipoDte",
      "FolioDte",
      "FechaEmisionDte",
      "MontoDte",
      "Token",
    ],
  },
];

/**
 * Parameters by WSDL name. Axis 1 also binds RPC parameters by position, and some clients name
 * them differently (libredte's "Rut"/"Dv"), so an unknown name falls back to its position.
 */
export function bindParams(
  service: DtewsService,
  given: ReadonlyArray<{ name: string; value: string }>,
): Record<string, string> {
  const out: Record<string, string> = {};
  service.params.forEach((name, i) => {
    const byName = given.find((p) => p.name.toLowerCase() === name.toLowerCase());
    out[name] = (byName ?? given[i])?.value.trim() ?? "";
  });
  return out;
}

export function wsdlFor(service: DtewsService, serviceUrl: string): string {
  const ns = escapeXml(serviceUrl);
  const parts = service.params.map((p) => `<wsdl:part name="${p}" type="xsd:string"/>`).join("");
  const op = service.operation;
  return `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions targetNamespace="${ns}" xmlns:apachesoap="http://xml.apache.org/xml-soap" xmlns:impl="${ns}" xmlns:intf="${ns}" xmlns:soapenc="${SOAP_ENCODING}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:wsdlsoap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <wsdl:message name="${op}Request">${parts}</wsdl:message>
  <wsdl:message name="${op}Response"><wsdl:part name="${op}Return" type="xsd:string"/></wsdl:message>
  <wsdl:portType name="${service.name}">
    <wsdl:operation name="${op}"${service.params.length ? ` parameterOrder="${service.params.join(" ")}"` : ""}>
      <wsdl:input message="impl:${op}Request" name="${op}Request"/>
      <wsdl:output message="impl:${op}Response" name="${op}Response"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="${service.name}SoapBinding" type="impl:${service.name}">
    <wsdlsoap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="${op}">
      <wsdlsoap:operation soapAction=""/>
      <wsdl:input name="${op}Request"><wsdlsoap:body encodingStyle="${SOAP_ENCODING}" namespace="http://DefaultNamespace" use="encoded"/></wsdl:input>
      <wsdl:output name="${op}Response"><wsdlsoap:body encodingStyle="${SOAP_ENCODING}" namespace="${ns}" use="encoded"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="${service.name}Service">
    <wsdl:port binding="impl:${service.name}SoapBinding" name="${service.name}"><wsdlsoap:address location="${ns}"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}
