import type { SigningCertificate } from "../../rules/dte/certificate.js";
import { signXml } from "../../rules/dte/signing.js";
import type { SeedSigner } from "./authenticate.js";

/** The getToken request signed with the sender's certificate: Reference URI="" and the enveloped-signature transform. */
export function seedSignerFor(certificate: SigningCertificate): SeedSigner {
  return (unsignedXml) => signXml(unsignedXml, certificate);
}
