import { CannedSettings } from "./canned-settings";

export const metadata = { title: "Canned responses · Kaiwa" };

/** `/settings/canned`: the workspace's canned responses. */
export default function CannedPage() {
  return <CannedSettings />;
}
