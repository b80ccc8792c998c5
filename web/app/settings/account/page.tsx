import { AccountSettings } from "./account-settings";

export const metadata = { title: "Account · Kaiwa" };

/** `/settings/account`: your profile (the name visitors see, language, signature), password and sessions. */
export default function AccountPage() {
  return <AccountSettings />;
}
