import { describeError, dictionary, type Locale } from "../lib/i18n";
import type { ChatItem } from "../lib/message-list";
import styles from "./delivery-state.module.css";

/**
 * Under one of our own unsent messages, in the widget and the console alike: sending, retrying by itself
 * (a retryable refusal), or failed with the reason when `showReason` and a button that sends it again.
 */
export function DeliveryState(props: { item: ChatItem; locale: Locale; onRetry: () => void; showReason?: boolean }) {
  const { item, locale } = props;
  const t = dictionary(locale);
  if (item.status === "sending") return <span>{item.error ? t.retrying : t.sending}</span>;
  if (item.status !== "failed") return null;
  return (
    <span className={styles.failed}>
      {t.failed}
      {props.showReason && item.error ? ` (${describeError(locale, item.error)})` : ""}
      {" · "}
      <button type="button" className={styles.retry} onClick={props.onRetry}>
        {t.retry}
      </button>
    </span>
  );
}
