import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";

import { usePostAnnouncement, useMyClasses, type Attachment, type AnnouncementIn } from "../api/messaging";
import { AttachmentPicker } from "../components/Attachments";

import "@/styles/records.css";
import "../messaging.css";

type Audience = NonNullable<AnnouncementIn["audience"]>;
const AUDIENCES: Audience[] = ["families", "students", "all"];

export default function NewAnnouncementRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const classes = useMyClasses(true);
  const [classId, setClassId] = useState(params.get("class") ?? "");
  const chosenClass = classId || classes.data?.[0]?.id || "";
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [audience, setAudience] = useState<Audience>("families");
  const [files, setFiles] = useState<Attachment[]>([]);
  const [errors, setErrors] = useState<{ title?: string; text?: string }>({});
  const post = usePostAnnouncement(chosenClass);
  const ids = { klass: useId(), title: useId(), text: useId() };

  if (classes.isPending) return <div className="container page page--narrow"><Skeleton height="12rem" /></div>;
  if (classes.isError) return <div className="container page page--narrow"><ProblemAlert error={classes.error} /></div>;
  return (
    <div className="container page page--narrow">
      <PageTitle title={t("messaging.announcements.new")} />
      <nav aria-label={t("services.breadcrumbs")} className="crumbs">
        <ol>
          <li>
            <Link to="/announcements">{t("messaging.announcements.title")}</Link>
          </li>
          <li aria-current="page">{t("messaging.announcements.new")}</li>
        </ol>
      </nav>
      <h1>{t("messaging.announcements.new")}</h1>
      <form
        className="form"
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          const next: typeof errors = {};
          if (!title.trim()) next.title = t("messaging.errors.title");
          if (!text.trim()) next.text = t("messaging.errors.text");
          setErrors(next);
          if (next.title || next.text) {
            document.getElementById(next.title ? ids.title : ids.text)?.focus();
            return;
          }
          try {
            const created = await post.mutateAsync({
              title: title.trim(),
              text: text.trim(),
              audience,
              attachment_ids: files.map((f) => f.id),
            });
            navigate(`/announcements/${created.id}`);
          } catch {
            // shown below
          }
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor={ids.klass}>
            {t("messaging.announcements.class")}
          </label>
          <select id={ids.klass} className="input" value={chosenClass} onChange={(e) => setClassId(e.target.value)}>
            {classes.data.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="fieldset field">
          <legend className="field__label">{t("messaging.announcements.to")}</legend>
          {AUDIENCES.map((value) => (
            <label key={value} className="radio">
              <input type="radio" name="audience" checked={audience === value} onChange={() => setAudience(value)} />
              <span>{t(`messaging.announcements.audience.${value}`)}</span>
            </label>
          ))}
        </fieldset>
        <div className={`field${errors.title ? " field--invalid" : ""}`}>
          <label className="field__label" htmlFor={ids.title}>
            {t("messaging.announcements.titleField")}
          </label>
          <input id={ids.title} className="input" maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
          {errors.title ? <p className="field__error">{errors.title}</p> : null}
        </div>
        <div className={`field${errors.text ? " field--invalid" : ""}`}>
          <label className="field__label" htmlFor={ids.text}>
            {t("messaging.new.text")}
          </label>
          <textarea id={ids.text} className="input textarea" rows={6} maxLength={10000} value={text} onChange={(e) => setText(e.target.value)} />
          {errors.text ? <p className="field__error">{errors.text}</p> : null}
        </div>
        <AttachmentPicker value={files} onChange={setFiles} />
        {post.isError ? <ProblemAlert error={post.error} /> : null}
        <div className="form__actions">
          <Button type="submit" busy={post.isPending}>
            {t("messaging.announcements.publish")}
          </Button>
        </div>
      </form>
    </div>
  );
}
