// What every contract suite shares: how a backend is opened, and the database's life around a suite.
import { afterAll, beforeAll } from "vitest";
import { openPglite, openPostgres, type Database, type Db } from "../../src/db/client";
import { createTestDatabase, havePostgres } from "../support/services";

export type ContractDatabase = Database & { cleanup?: () => Promise<void> };
export type OpenContractDatabase = () => Promise<ContractDatabase>;

/** PGlite in memory. */
export const openMemoryPglite: OpenContractDatabase = () => openPglite();

/** A fresh database on the Postgres server, dropped after the suite. */
export const openTestPostgres: OpenContractDatabase = async () => {
  const { url, drop } = await createTestDatabase();
  return Object.assign(await openPostgres({ url }), { cleanup: drop });
};

/** Skip the Postgres variant (loudly) where no server answers; under CI=true that throws instead. */
export const skipWithoutPostgres = async () => ({ skip: !(await havePostgres()) });

/**
 * Open and migrate the database before the suite and close (and drop) it after; `onReady` receives it.
 * Call inside the suite's describe.
 */
export function useContractDatabase(open: OpenContractDatabase, onReady: (db: Db, database: ContractDatabase) => void): void {
  let database: ContractDatabase | undefined;
  beforeAll(async () => {
    database = await open();
    await database.migrate();
    onReady(database.db, database);
  });
  afterAll(async () => {
    await database?.close();
    await database?.cleanup?.();
  });
}
