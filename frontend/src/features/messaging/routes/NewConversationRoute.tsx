import { useEffect, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { hasAnyRole, useMe } from "@/lib/auth/hooks";

import { useContacts, useMyStudents, useStartConversation, type Attachment, type Contact } from "../api/messaging";
import { AttachmentPicker } from "../components/Attachments";

import "@/styles/records.css";
import "../messaging.css";

const FAMILY = ["parent", "student"] as const;

/**
 * «Написать»: pick the child (parents), then whom — only the people the school allows —
 * then the text. `?student=&to=&subject=` prefill it («Написать учителю» from the diary).
 */
export default function NewConversationRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = useMe();
  const family = hasAnyRole(me.data, FAMILY);
  const students = useMyStudents(family);
  const [studentId, setStudentId] = useState<string | null>(params.get("student"));
  const [chosen, setChosen] = useState<string[]>(params.get("to") ? [params.get("to")!] : []);
  const [subject, setSubject] = useState(params.get("subject") ?? "");
  const [text, setText] = useState("");
  const [files, setFiles] = useState<Attachment[]>([]);
  const [filter, setFilter] = useState("");
  const [errors, setErrors] = useState<{ to?: string; text?: string }>({});
  const start = useStartConversation();
  const ids = { child: useId(), subject: useId(), text: useId(), filter: useId(), to: useId() };

  const children = (students.data ?? []).filter((s) => s.relation === "guardian" || s.relation === "self");
  useEffect(() => {
    if (family && studentId === null && children.length === 1) setStudentId(children[0]!.id);
  }, [family, studentId, children]);

  const contactsFor = family ? studentId : null;
  const contacts = useContacts(contactsFor);
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const items = contacts.data?.items ?? [];
    return needle
      ? items.filter((c) => `${c.name} ${c.subjects.join(" ")} ${c.student_name ?? ""}`.toLowerCase().includes(needle))
      : items;
  }, [contacts.data, filter]);

  const toggle = (contact: Contact) =>
    setChosen((now) => (now.includes(contact.account_id) ? now.filter((x) => x !== contact.account_id) : [...now, contact.account_id]));

  const submit = async () => {
    const next: typeof errors = {};
    if (chosen.length === 0) next.to = t("messaging.errors.to");
    if (!text.trim()) next.text = t("messaging.errors.text");
    setErrors(next);
    if (next.to || next.text) {
      document.getElementById(next.to ? ids.to : ids.text)?.focus();
      return;
    }
    try {
      const conversation = await start.mutateAsync({
        recipient_ids: chosen,
        text: text.trim(),
        subject: subject.trim() || null,
        student_id: family ? studentId : null,
        attachment_ids: files.map((f) => f.id),
      });
      navigate(`/messages/${conversation.id}`);
    } catch {
      // shown below
    }
  };

  return (
    <div className="container page page--narrow">
      <PageTitle title={t("messaging.new.title")} />
      <nav aria-label={t("services.breadcrumbs")} className="crumbs">
        <ol>
          <li>
            <Link to="/messages">{t("messaging.title")}</Link>
          </li>
          <li aria-current="page">{t("messaging.new.title")}</li>
        </ol>
      </nav>
      <h1>{t("messaging.new.title")}</h1>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {family && children.length > 1 ? (
          <div className="field">
            <label className="field__label" htmlFor={ids.child}>
              {t("messaging.new.child")}
            </label>
            <select
              id={ids.child}
              className="input"
              value={studentId ?? ""}
              onChange={(event) => {
                setStudentId(event.target.value || null);
                setChosen([]);
              }}
            >
              <option value="">{t("messaging.new.chooseChild")}</option>
              {children.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.last_name} {s.first_name} · {s.school_class.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <fieldset className={`fieldset field msg-contacts${errors.to ? " field--invalid" : ""}`}>
          <legend className="field__label" id={ids.to} tabIndex={-1}>
            {t("messaging.new.to")}
          </legend>
          {(contacts.data?.total ?? 0) > 8 ? (
            <input
              id={ids.filter}
              className="input msg-contacts__filter"
              type="search"
              placeholder={t("messaging.new.filter")}
              aria-label={t("messaging.new.filter")}
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
            />
          ) : null}
          {family && !studentId && children.length > 1 ? (
            <p className="muted">{t("messaging.new.chooseChildFirst")}</p>
          ) : contacts.isPending ? (
            <Skeleton height="6rem" />
          ) : contacts.isError ? (
            <ProblemAlert error={contacts.error} />
          ) : shown.length === 0 ? (
            <p className="muted">{t("messaging.new.noContacts")}</p>
          ) : (
            <ul className="msg-contacts__list">
              {shown.map((c) => (
                <li key={`${c.account_id}-${c.student_id ?? ""}`}>
                  <label className="msg-contact">
                    <input type="checkbox" checked={chosen.includes(c.account_id)} onChange={() => toggle(c)} />
                    <span>
                      <span className="msg-contact__name">{c.name}</span>
                      <span className="msg-contact__what muted">
                        {[
                          ...c.roles.map((r) => t(`messaging.roles.${r}`, { defaultValue: r })),
                          ...c.subjects,
                          !family && c.student_name ? t("messaging.new.familyOf", { name: c.student_name }) : null,
                        ]
                          .filter(Boolean)
                          .join(" · ")}
                      </span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {errors.to ? <p className="field__error">{errors.to}</p> : null}
        </fieldset>
        <div className="field">
          <label className="field__label" htmlFor={ids.subject}>
            {t("messaging.new.subject")} <span className="field__optional">{t("form.optional")}</span>
          </label>
          <input id={ids.subject} className="input" maxLength={200} value={subject} onChange={(e) => setSubject(e.target.value)} />
        </div>
        <div className={`field${errors.text ? " field--invalid" : ""}`}>
          <label className="field__label" htmlFor={ids.text}>
            {t("messaging.new.text")}
          </label>
          <textarea
            id={ids.text}
            className="input textarea"
            rows={6}
            maxLength={10000}
            value={text}
            aria-invalid={errors.text ? true : undefined}
            onChange={(e) => setText(e.target.value)}
          />
          {errors.text ? <p className="field__error">{errors.text}</p> : null}
        </div>
        <AttachmentPicker value={files} onChange={setFiles} />
        {start.isError ? <ProblemAlert error={start.error} /> : null}
        <div className="form__actions">
          <Button type="submit" busy={start.isPending}>
            {t("messaging.send")}
          </Button>
        </div>
      </form>
    </div>
  );
}
