import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../support/node-process";

/** Process types of the Procfile, `name: command`. */
export function procfile(): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path.join(REPO_ROOT, "Procfile"), "utf8")
      .split("\n")
      .map((l) => l.match(/^([A-Za-z0-9_-]+):\s*(.+)$/))
      .filter((m): m is RegExpMatchArray => !!m)
      .map((m) => [m[1]!, m[2]!.trim()]),
  );
}
