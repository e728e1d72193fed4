import { formatPhone } from "@/lib/masks";

import type { Application } from "../api/applications";

import type { WizardValues } from "./wizard";

/** The wizard's values from a draft as the server keeps it. */
export function valuesFrom(application: Application, fallbackPhone?: string | null): WizardValues {
  return {
    child_id: application.child.id,
    school_id: application.school?.id ?? null,
    school_connected: application.school ? application.school.connected : null,
    class_id: application.class?.id ?? null,
    contact_phone: application.contact_phone ?? (fallbackPhone ? formatPhone(fallbackPhone) : ""),
    student_number: application.student_number ?? "",
    consent: application.consent !== null,
  };
}
