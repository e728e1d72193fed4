import { hasAnyRole, OPERATOR_ROLES, type Me } from "./hooks";

/**
 * Where a sign-in lands when no page asked for it: each role's main job, not «Профиль».
 * The most staff-like role wins (a teacher who is also a parent opens the journal); an
 * account with no role of its own (a new parent before the child is linked) gets the profile.
 */
export function landingPath(me: Pick<Me, "roles" | "school_id">): string {
  if (hasAnyRole(me, OPERATOR_ROLES)) return "/operator";
  if (hasAnyRole(me, ["school_admin"]) && me.school_id) return "/staff/applications";
  if (hasAnyRole(me, ["teacher", "class_teacher", "school_admin"])) return "/teach";
  if (hasAnyRole(me, ["parent", "student"])) return "/diary";
  return "/profile";
}
