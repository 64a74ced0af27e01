import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/hub/db/open-database.js";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGTERM");
});

function hold(dataDir: string, role: "hub" | "cli"): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "../support/hold-database.ts"), dataDir, role],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /ready (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

describe("the embedded database shared between the hub and the CLI", () => {
  it("persists under the data folder across opens", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "timbre-data-"));
    const first = await openDatabase({ dataDir, databaseUrl: undefined }, "cli");
    await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('hola')");
    await first.close();
    const second = await openDatabase({ dataDir, databaseUrl: undefined }, "cli");
    expect((await query(second.url, "SELECT v FROM kept")).rows).toEqual([{ v: "hola" }]);
    await second.close();
  });

  it("lets a CLI run use a running hub's database, and refuses a second hub", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "timbre-data-"));
    const hub = await hold(dataDir, "hub");
    await query(hub.url, "CREATE TABLE seen (v text); INSERT INTO seen VALUES ('desde el hub')");

    const cli = await openDatabase({ dataDir, databaseUrl: undefined }, "cli");
    expect(cli.owner).toBe(false);
    expect(cli.url).toBe(hub.url);
    expect((await query(cli.url, "SELECT v FROM seen")).rows).toEqual([{ v: "desde el hub" }]);
    await cli.close();

    await expect(openDatabase({ dataDir, databaseUrl: undefined }, "hub")).rejects.toThrow(
      /Another hub is already using/,
    );
  });

  it("takes over the lock a crashed process left behind", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "timbre-data-"));
    const holder = await hold(dataDir, "cli");
    holder.child.kill("SIGKILL");
    await new Promise((r) => holder.child.once("exit", r));
    const db = await openDatabase({ dataDir, databaseUrl: undefined }, "hub");
    expect(db.owner).toBe(true);
    expect((await query(db.url, "SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await db.close();
  });
});
