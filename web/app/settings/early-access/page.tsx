import { EarlyAccessSettings } from "./early-access-settings";

export const metadata = { title: "Early access · Kaiwa" };

/** `/settings/early-access`: an admin joins or leaves the early-access program. */
export default function EarlyAccessSettingsPage() {
  return <EarlyAccessSettings />;
}
