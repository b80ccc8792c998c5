"use client";

import type { Conversation } from "@kaiwa/shared";
import type { InboxDictionary } from "../../lib/inbox-i18n";
import type { SearchState } from "../../lib/operator-console";
import styles from "./search-results.module.css";

/** What a search found, in three groups (contacts, messages, internal notes); a click opens the conversation. */
export function SearchResults(props: {
  search: SearchState;
  ti: InboxDictionary;
  label(c: Conversation): string;
  onSelect(conversationId: string): void;
  onClear(): void;
}) {
  const { search, ti } = props;
  const total = search.contacts.length + search.hits.length + search.notes.length;
  const row = (key: string, conversation: Conversation, title: string, text: string, testId: string) => (
    <li key={key}>
      <button type="button" className={styles.row} onClick={() => props.onSelect(conversation.id)} data-testid={testId} data-conversation-id={conversation.id}>
        <span className={styles.title}>{title}</span>
        <span className={styles.text}>{text}</span>
      </button>
    </li>
  );
  return (
    <div className={styles.results} data-testid="search-results" data-busy={search.busy ? "true" : "false"}>
      <div className={styles.head}>
        <span role="status" data-testid="search-count">
          {search.busy ? "…" : total === 0 ? ti.noResults : ti.searchResults(total)}
        </span>
        <button type="button" className={styles.clear} onClick={props.onClear} data-testid="search-clear">
          {ti.clearSearch}
        </button>
      </div>
      {search.contacts.length > 0 && (
        <section aria-label={ti.searchSections.contacts}>
          <h3 className={styles.section}>{ti.searchSections.contacts}</h3>
          <ul className={styles.list}>
            {search.contacts.map((hit) =>
              row(hit.visitor.id, hit.conversation, props.label(hit.conversation), [hit.visitor.name, hit.visitor.email].filter(Boolean).join(" · "), "search-contact"),
            )}
          </ul>
        </section>
      )}
      {search.hits.length > 0 && (
        <section aria-label={ti.searchSections.messages}>
          <h3 className={styles.section}>{ti.searchSections.messages}</h3>
          <ul className={styles.list}>{search.hits.map((hit) => row(hit.message.id, hit.conversation, props.label(hit.conversation), hit.message.body, "search-result"))}</ul>
        </section>
      )}
      {search.notes.length > 0 && (
        <section aria-label={ti.searchSections.notes}>
          <h3 className={styles.section}>{ti.searchSections.notes}</h3>
          <ul className={styles.list}>
            {search.notes.map((hit) => row(hit.note.id, hit.conversation, `${props.label(hit.conversation)} · ${hit.note.authorName ?? ""}`, hit.note.body, "search-note"))}
          </ul>
        </section>
      )}
    </div>
  );
}
