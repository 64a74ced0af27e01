import { TimbreError } from "../errors.js";

/**
 * A driver's or Prisma's error said as what the user can do about it. The CLI never prints a
 * driver's text ("invalid input syntax for type uuid"); this names the cause and the fix, and keeps
 * the original for TIMBRE_DEBUG. Undefined when the error is not one of these.
 */
export function databaseProblem(e: unknown): TimbreError | undefined {
  const err = e as { code?: string; message?: string; cause?: unknown; name?: string } | null;
  if (!err || typeof err !== "object") return undefined;
  const message = String(err.message ?? "");
  const code = String(err.code ?? "");
  const detail = `${err.name ?? "Error"}: ${message.slice(0, 500)}`;
  // 22P02 invalid_text_representation (a uuid, an integer…), P2023 Prisma's inconsistent column data.
  if (code === "22P02" || code === "P2023" || /invalid input syntax for type|Error creating UUID/i.test(message)) {
    return new TimbreError(
      "input.malformed_id",
      {
        es: "Un identificador no tiene la forma correcta (los id de Timbre son como 3f2b9c1e-…; los imprime `timbre store list`, `timbre courier list`…). Revise lo que escribió.",
        en: "An identifier has the wrong shape (Timbre ids look like 3f2b9c1e-…; `timbre store list`, `timbre courier list`… print them). Check what you typed.",
      },
      { kind: "invalid_input", detail },
    );
  }
  if (
    /^(P1001|P1017|ECONNREFUSED|ECONNRESET|57P01)$/.test(code) ||
    /ECONNREFUSED|Can't reach database/i.test(message)
  ) {
    return new TimbreError(
      "db.unreachable",
      {
        es: "No se pudo conectar con la base de datos. Revise DATABASE_URL, o que el hub (npm start) siga en marcha, y vuelva a intentarlo.",
        en: "Could not connect to the database. Check DATABASE_URL, or that the hub (npm start) is still running, and try again.",
      },
      { kind: "upstream", detail },
    );
  }
  if (/^(22003|P2020|22001|P2000)$/.test(code)) {
    return new TimbreError(
      "input.out_of_range",
      {
        es: "Un valor es demasiado grande o largo para guardarse. Use un número o texto más corto.",
        en: "A value is too large or too long to be stored. Use a smaller number or a shorter text.",
      },
      { kind: "invalid_input", detail },
    );
  }
  if (e instanceof RangeError && /out of range/i.test(message)) {
    return new TimbreError(
      "input.out_of_range",
      {
        es: "Un número está fuera del rango que se puede usar (escríbalo con dígitos y a lo más 6 decimales, p. ej. 2,5).",
        en: "A number is out of the usable range (write it with digits and at most 6 decimals, e.g. 2.5).",
      },
      { kind: "invalid_input", detail },
    );
  }
  if (err.cause && err.cause !== e) return databaseProblem(err.cause);
  return undefined;
}
