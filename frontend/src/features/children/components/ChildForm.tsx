import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { DateField } from "@/components/ui/DateField";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { TextField } from "@/components/ui/TextField";
import { ApiProblem } from "@/lib/api";
import { useForm } from "@/lib/forms";
import { formatBirthCertificate, isoToRuDate, ruDateToIso, snilsMask } from "@/lib/masks";

import { useCreateChild, useUpdateChild, type Child, type ChildPatch } from "../api/children-api";

type ChildField = "lastName" | "firstName" | "middleName" | "birthDate" | "snils" | "certificate" | "certificateIssuedAt";
const FIELDS: ChildField[] = ["lastName", "firstName", "middleName", "birthDate", "snils", "certificate", "certificateIssuedAt"];

const SERVER_FIELDS: Record<string, ChildField> = {
  last_name: "lastName",
  first_name: "firstName",
  middle_name: "middleName",
  birth_date: "birthDate",
  snils: "snils",
  birth_certificate: "certificate",
  "birth_certificate.series_number": "certificate",
  "birth_certificate.series": "certificate",
  "birth_certificate.number": "certificate",
  "birth_certificate.issued_at": "certificateIssuedAt",
};

const NAME_PART = "[А-ЯЁа-яё]+(?:['’][А-ЯЁа-яё]+)*";
const NAME = new RegExp(`^${NAME_PART}(?:[ -]${NAME_PART})*$`);
const CERTIFICATE = /^[IVXLC]+-[А-ЯЁ]{2} \d{6}$/;
const today = () => new Date().toISOString().slice(0, 10);

export function ChildForm({ child, onDone, onCancel }: { child: Child | null; onDone: (message: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const create = useCreateChild();
  const update = useUpdateChild();
  const editing = child !== null;
  const initialIssuedAt = child ? isoToRuDate(child.birth_certificate_issued_at) : "";

  const name = (key: "lastName" | "firstName" | "middleName", optional = false) => (v: string) =>
    !v.trim() ? (optional ? null : t(`validation.child.${key}Required`)) : NAME.test(v.trim()) ? null : t("validation.nameCyrillic");
  const date = (required: boolean) => (v: string) =>
    !v ? (required ? t("validation.dateRequired") : null) : ruDateToIso(v) ? null : t("validation.dateFormat");

  const form = useForm<ChildField>({
    initial: {
      lastName: child?.last_name ?? "",
      firstName: child?.first_name ?? "",
      middleName: child?.middle_name ?? "",
      birthDate: child ? isoToRuDate(child.birth_date) : "",
      snils: "",
      certificate: "",
      certificateIssuedAt: initialIssuedAt,
    },
    fields: FIELDS,
    validate: {
      lastName: name("lastName"),
      firstName: name("firstName"),
      middleName: name("middleName", true),
      birthDate: (v) => {
        const base = date(true)(v);
        if (base) return base;
        return (ruDateToIso(v) ?? "") > today() ? t("validation.birthDateFuture") : null;
      },
      snils: (v) =>
        !v ? (editing ? null : t("validation.snilsRequired")) : v.replace(/\D/g, "").length === 11 ? null : t("validation.snilsFormat"),
      certificate: (v, all) => {
        if (!v) {
          if (!editing) return t("validation.certificateRequired");
          return all.certificateIssuedAt !== initialIssuedAt ? t("validation.certificateAgain") : null;
        }
        return CERTIFICATE.test(v.trim()) ? null : t("validation.certificateFormat");
      },
      certificateIssuedAt: date(true),
    },
  });

  const submit = form.handleSubmit(async (v) => {
    const birthDate = ruDateToIso(v.birthDate)!;
    const issuedAt = ruDateToIso(v.certificateIssuedAt)!;
    try {
      if (!child) {
        await create.mutateAsync({
          last_name: v.lastName.trim(),
          first_name: v.firstName.trim(),
          middle_name: v.middleName.trim() || null,
          birth_date: birthDate,
          snils: v.snils,
          birth_certificate: { series_number: v.certificate.trim(), issued_at: issuedAt },
        });
        onDone(t("children.added", { name: `${v.lastName.trim()} ${v.firstName.trim()}` }));
      } else {
        const body: ChildPatch = {};
        if (v.lastName.trim() !== child.last_name) body.last_name = v.lastName.trim();
        if (v.firstName.trim() !== child.first_name) body.first_name = v.firstName.trim();
        if ((v.middleName.trim() || null) !== child.middle_name) body.middle_name = v.middleName.trim() || null;
        if (birthDate !== child.birth_date) body.birth_date = birthDate;
        if (v.snils) body.snils = v.snils;
        if (v.certificate) body.birth_certificate = { series_number: v.certificate.trim(), issued_at: issuedAt };
        if (Object.keys(body).length) await update.mutateAsync({ id: child.id, body });
        onDone(t("children.saved", { name: `${v.lastName.trim()} ${v.firstName.trim()}` }));
      }
    } catch (error) {
      form.applyProblem(error, SERVER_FIELDS);
    }
  });

  const mutation = child ? update : create;
  const failure = mutation.error && (!(mutation.error instanceof ApiProblem) || form.general) ? mutation.error : null;

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate className="form">
      {failure ? <ProblemAlert error={failure} message={form.general} /> : null}
      <TextField {...form.bind("lastName")} label={t("fields.childLastName")} autoComplete="off" autoCapitalize="words" />
      <TextField {...form.bind("firstName")} label={t("fields.childFirstName")} autoComplete="off" autoCapitalize="words" />
      <TextField {...form.bind("middleName")} label={t("fields.childMiddleName")} optional autoComplete="off" autoCapitalize="words" />
      <DateField {...form.bind("birthDate")} label={t("fields.childBirthDate")} max={today()} />
      <TextField
        {...form.bind("snils")}
        label={t("fields.childSnils")}
        optional={editing}
        hint={editing ? t("children.keepHint", { value: child?.snils ?? "" }) : t("children.snilsHint")}
        inputMode="numeric"
        mask={snilsMask}
        autoComplete="off"
      />
      <TextField
        {...form.bind("certificate")}
        label={t("fields.certificate")}
        optional={editing}
        hint={
          <>
            <span>{t("children.certificateHint")}</span>
            {editing ? <span className="field__hint-line">{t("children.keepHint", { value: child?.birth_certificate ?? "" })}</span> : null}
          </>
        }
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={20}
        transform={formatBirthCertificate}
      />
      <DateField {...form.bind("certificateIssuedAt")} label={t("fields.certificateIssuedAt")} max={today()} />
      <div className="form__actions">
        <Button variant="secondary" onClick={onCancel}>
          {t("form.cancel")}
        </Button>
        <Button type="submit" busy={mutation.isPending}>
          {editing ? t("children.save") : t("children.add")}
        </Button>
      </div>
    </form>
  );
}
