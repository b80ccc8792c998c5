// Designate the product team: `node --import tsx server/src/product-team-cli.ts add|remove <operator email>` marks the
// workspace of that operator as the product team's (or no longer). Run it as a one-off dyno (`heroku run`).
import { eq } from "drizzle-orm";
import { loadConfig } from "./config";
import { schema } from "./db/client";
import { openDatabase } from "./open-database";

const [action, email] = process.argv.slice(2);
if (!(action === "add" || action === "remove") || !email) {
  console.error("usage: product-team-cli.ts add|remove <operator email>");
  process.exit(2);
}
const database = await openDatabase(loadConfig(process.env));
try {
  const [op] = await database.db.select().from(schema.operators).where(eq(schema.operators.email, email.toLowerCase()));
  if (!op) throw new Error(`no operator ${email}`);
  if (action === "add") await database.db.insert(schema.productTeamWorkspaces).values({ workspaceId: op.workspaceId }).onConflictDoNothing();
  else await database.db.delete(schema.productTeamWorkspaces).where(eq(schema.productTeamWorkspaces.workspaceId, op.workspaceId));
  console.log(`workspace ${op.workspaceId} ${action === "add" ? "is now" : "is no longer"} the product team`);
} finally {
  await database.close();
}
