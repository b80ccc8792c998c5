import { SitesSettings } from "./sites-settings";

export const metadata = { title: "Sites · Kaiwa" };

/** `/settings/sites`: an admin configures each site's widget, business hours and automatic assignment. */
export default function SitesPage() {
  return <SitesSettings />;
}
