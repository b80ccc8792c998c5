import { ChangePasswordForm } from "./password-forms";

export const metadata = { title: "Account · Kaiwa" };

/** `/settings/account`: change your password. */
export default function AccountPage() {
  return <ChangePasswordForm />;
}
