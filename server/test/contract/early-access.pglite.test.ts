import { openPglite } from "../../src/db/client";
import { earlyAccessContract } from "./early-access-contract";

earlyAccessContract("PGlite (embedded, in memory)", () => openPglite());
