import { linkify } from "../lib/linkify";

/**
 * A message's text as the widget and the console both show it: plain text with http(s) links clickable; nothing in
 * a message is ever parsed as markup (React renders strings as text).
 */
export function MessageText({ body }: { body: string }) {
  // The parts of one message never move: their index is their key.
  return (
    <>
      {linkify(body).map((part, i) =>
        part.kind === "link" ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow ugc">
            {part.text}
          </a>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
