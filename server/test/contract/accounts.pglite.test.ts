import { openPglite } from "../../src/db/client";
import { accountsContract } from "./accounts-contract";

accountsContract("PGlite (embedded, in memory)", () => openPglite());
