// Type tests, checked by `npm run typecheck` (tsc -p server): the socket handler tables must match the shared
// contract exactly. Each @ts-expect-error below fails the typecheck if the mistake it describes compiles.
import type { Ack, Message, OperatorClientToServerEvents, VisitorClientToServerEvents } from "@kaiwa/shared";
import type { HandlerTable } from "../../src/realtime/handle-request";
import type { OperatorNamespace, VisitorNamespace } from "../../src/realtime/rooms";

type VisitorTable = HandlerTable<VisitorClientToServerEvents>;
declare const visitorTable: VisitorTable;
const answer = (_payload: unknown, _ack: Ack<Message>) => {};

// A complete table compiles.
export const complete = { ...visitorTable } satisfies VisitorTable;

// @ts-expect-error a misspelled event name is not in the contract
export const misspelled = { ...visitorTable, "message:sned": answer } satisfies VisitorTable;

const { "visitor:page": _dropped, ...withoutPage } = visitorTable;
// @ts-expect-error a table missing one of the namespace's events
export const missing = withoutPage satisfies VisitorTable;

// @ts-expect-error an operator-only event on the visitor namespace
export const foreign = { ...visitorTable, "note:add": visitorTable["message:send"] } satisfies VisitorTable;

// @ts-expect-error a handler that answers `message:send` with something other than a Message
export const wrongAnswer = { ...visitorTable, "message:send": (_p: unknown, _ack: Ack<{ id: number }>) => {} } satisfies VisitorTable;

// Pushes are typed per namespace too.
declare const visitors: VisitorNamespace;
declare const operators: OperatorNamespace;
declare const message: Message;
visitors.emit("message:new", message);
operators.emit("message:new", message);
// @ts-expect-error the widget has no `note:new` push
visitors.emit("note:new", { id: "", conversationId: "", authorId: null, authorName: null, body: "", createdAt: "" });
// @ts-expect-error a push with the wrong payload
operators.emit("message:new", { id: 1 });
// @ts-expect-error operators send `conversation:assign` with a conversationId and an operatorId
export const badOperatorPayload: Parameters<OperatorClientToServerEvents["conversation:assign"]>[0] = { conversationId: 1 };
