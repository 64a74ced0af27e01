import { readFileSync } from "node:fs";
import { TimbreError } from "../../errors.js";
import { parseCaf, type Caf } from "../../rules/dte/caf.js";

/** Reads a file named on the command line; a missing file is the user's mistake, said plainly. */
export function readInputFile(path: string, option: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const es = `No se puede leer ${path} (${option}): ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no existe" : (e as Error).message}.`;
    const en = `Cannot read ${path} (${option}): ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}.`;
    throw new TimbreError("file.unreadable", { es, en }, { fields: [{ field: option, message: es }] });
  }
}

export function readCafFile(path: string): Caf {
  return parseCaf(readInputFile(path, "--caf"));
}
