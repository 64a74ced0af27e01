/**
 * Issues N boletas one by one — build, TED, sign, envelope of one, sign — and compares the rate with
 * the bare RSA-2048 + RSA-512 signing cost measured in the same run.
 *
 *   npx tsx core/bench/dte-issue.ts [N]      (from the repository root; default N = 2000)
 */
import { sign } from "node:crypto";
import { issueDte, loadCertificate, parseCaf, type DteRequestInput } from "../src/rules/index.js";
import { createCafAuthority, createTestCaf, createTestCertificate } from "../src/testing/certs.js";

const N = Number(process.argv[2] ?? 2000);
const WARMUP = Math.min(200, Math.floor(N / 10));

const certificate = (() => {
  const c = createTestCertificate({ rut: "11111111-1" });
  return loadCertificate({ keyPem: c.keyPem, certPem: c.certPem });
})();
const caf = parseCaf(
  createTestCaf({
    rut: "76192083-9",
    type: 39,
    from: 1,
    to: N + WARMUP,
    authorizedOn: "2026-01-15",
    authority: createCafAuthority(),
  }).xml,
);

const request: DteRequestInput = {
  type: 39,
  issueDate: "2026-11-20",
  issuer: {
    rut: "76192083-9",
    name: "SASCO SpA",
    activity: "Venta al por menor por internet",
    address: "Av. Providencia 123",
    commune: "Providencia",
    city: "Santiago",
    resolution: { number: 0, date: "2026-01-15" },
  },
  lines: [
    { name: "Café de grano 1 kg", quantity: 2, unitPrice: 12990, code: "SKU-1" },
    { name: "Taza cerámica", quantity: 1, unitPrice: 4990, discount: { percent: 10 } },
    { name: "Despacho", quantity: 1, unitPrice: 3990 },
  ],
  globalDiscount: { amount: 1000 },
};

/** Mean milliseconds of one SHA1withRSA signature over a DTE-sized payload. */
function signCost(key: Parameters<typeof sign>[2], rounds: number): number {
  const payload = Buffer.alloc(900, "x");
  const t = performance.now();
  for (let i = 0; i < rounds; i++) sign("sha1", payload, key);
  return (performance.now() - t) / rounds;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

signCost(certificate.privateKey, 200);
const rsa2048 = signCost(certificate.privateKey, 2000);
const rsa512 = signCost(caf.privateKey!, 2000);

let folio = 1;
const timestamp = "2026-11-20T10:30:00";
for (let i = 0; i < WARMUP; i++) issueDte({ request, caf, certificate, folio: folio++, timestamp });

const times: number[] = [];
const start = performance.now();
for (let i = 0; i < N; i++) {
  const t = performance.now();
  issueDte({ request, caf, certificate, folio: folio++, timestamp });
  times.push(performance.now() - t);
}
const elapsed = performance.now() - start;
times.sort((a, b) => a - b);

const rate = (N / elapsed) * 1000;
const bound = 1000 / (rsa2048 + rsa512);
const floor = 1000 / (2 * rsa2048 + rsa512);
console.log(`boletas issued:        ${N} (after ${WARMUP} warm-up), one core`);
console.log(`documents per second:  ${rate.toFixed(0)}`);
console.log(`p50 / p99:             ${percentile(times, 50).toFixed(3)} ms / ${percentile(times, 99).toFixed(3)} ms`);
console.log(`bare RSA-2048 sign:    ${rsa2048.toFixed(3)} ms; RSA-512 sign: ${rsa512.toFixed(3)} ms`);
console.log(
  `bound 1/(RSA-2048 + RSA-512): ${bound.toFixed(0)} docs/s; ratio ${(rate / bound).toFixed(2)} (target ≥ 0.50)`,
);
console.log(
  `each boleta needs two RSA-2048 signatures (DTE and envelope): crypto floor ${floor.toFixed(0)} docs/s; ratio ${(rate / floor).toFixed(2)}`,
);
