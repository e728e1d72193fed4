import type { Conversation } from "./api/messaging";

/** The people of a conversation other than me, as a line: «Соколова Анна Викторовна, Орлова Нина». */
export function counterpartNames(conversation: Conversation, myId: string | undefined): string {
  const others = conversation.participants.filter((p) => p.account_id !== myId);
  return (others.length > 0 ? others : conversation.participants).map((p) => p.name).join(", ");
}

/** A message's first line, short enough for a list. */
export function preview(text: string, length = 120): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
