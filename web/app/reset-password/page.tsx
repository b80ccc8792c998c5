import { ResetPasswordForm } from "../settings/account/password-forms";

export const metadata = { title: "Reset password · Kaiwa" };

/** `/reset-password`: ask for a reset link, or set a new password through one (`#token=`). */
export default function ResetPasswordPage() {
  return <ResetPasswordForm />;
}
