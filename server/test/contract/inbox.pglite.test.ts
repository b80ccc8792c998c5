import { openPglite } from "../../src/db/client";
import { inboxContract } from "./inbox-contract";

inboxContract("PGlite (embedded, in memory)", () => openPglite());
