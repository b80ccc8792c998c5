import { AuditLog } from "./audit-log";

export const metadata = { title: "Audit log · Kaiwa" };

/** `/settings/audit`: an admin reads the audit log. */
export default function AuditPage() {
  return <AuditLog />;
}
