import { AcceptInvitationForm } from "../settings/account/password-forms";

export const metadata = { title: "Join · Kaiwa" };

/** `/accept-invitation#token=`: a new operator joins through an invitation link. */
export default function AcceptInvitationPage() {
  return <AcceptInvitationForm />;
}
