/** Version of the realtime protocol; clients send it in the handshake and the server refuses others. */
export const PROTOCOL_VERSION = 1;

/** Longest message body accepted, counted in Unicode code points (an emoji counts once). */
export const MESSAGE_MAX_LENGTH = 5000;

/** Most messages returned by one history or sync page. */
export const SYNC_PAGE_SIZE = 200;

/** Most conversations returned by one inbox page. */
export const INBOX_PAGE_SIZE = 50;

/** Operator session lifetime. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Name of the httpOnly cookie that carries an operator session. */
export const SESSION_COOKIE = "kaiwa_session";

/** Largest `seq` (and position) a client may name: Postgres `integer`, which holds every stored `seq`. */
export const MAX_SEQ = 2 ** 31 - 1;
