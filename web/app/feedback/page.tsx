import { FeedbackBoard } from "./feedback-board";

export const metadata = { title: "Feedback · Kaiwa" };

/** `/feedback`: the early-access feedback board. */
export default function FeedbackPage() {
  return <FeedbackBoard />;
}
