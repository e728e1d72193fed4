import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ErrorIcon } from "@/components/ui/icons";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { ApiProblem } from "@/lib/api";

import { checkClass, useClasses, type ClassCheck, type SchoolClass } from "../api/applications";

const GRADES = Array.from({ length: 11 }, (_, i) => i + 1);

/**
 * Шаг 3 «Класс»: the number (1–11) and the letter from the school's classes, and the
 * seed's «Проверить» button, which asks the register and shows its answer («Класс 9-Б
 * найден в реестре школы», or which letters the parallel has).
 */
export function ClassStep({
  schoolId,
  classId,
  className: chosenName,
  onChange,
  error,
}: {
  schoolId: string;
  classId: string | null;
  className: string | null;
  onChange: (schoolClass: { id: string; name: string } | null) => void;
  error?: string | null;
}) {
  const { t } = useTranslation();
  const ids = { grade: useId(), letter: useId(), error: useId(), result: useId() };
  const classes = useClasses(schoolId);
  const list = useMemo(() => classes.data ?? [], [classes.data]);
  const current = list.find((c) => c.id === classId);
  const initial = parseName(current?.name ?? chosenName);
  const [grade, setGrade] = useState<string>(initial.grade);
  const [letter, setLetter] = useState<string>(initial.letter);
  const [check, setCheck] = useState<ClassCheck | null>(null);
  const [checkError, setCheckError] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);

  const grades = list.length ? [...new Set(list.map((c) => c.grade))].sort((a, b) => a - b) : GRADES;
  const letters = list.filter((c) => String(c.grade) === grade);
  const freeLetter = list.length === 0;

  const pick = (nextGrade: string, nextLetter: string) => {
    setCheck(null);
    setCheckError(null);
    const found = list.find((c) => String(c.grade) === nextGrade && c.letter === nextLetter);
    onChange(found ? { id: found.id, name: found.name } : null);
  };

  const runCheck = async () => {
    if (!grade || !letter.trim()) {
      setCheck(null);
      setCheckError(new ApiProblem(422, null));
      return;
    }
    setChecking(true);
    setCheckError(null);
    try {
      const answer = await checkClass(schoolId, Number(grade), letter.trim());
      setCheck(answer);
      if (answer.valid && answer.class_id) onChange({ id: answer.class_id, name: answer.name });
    } catch (problem) {
      setCheck(null);
      setCheckError(problem);
    } finally {
      setChecking(false);
    }
  };

  const describedBy = [error ? ids.error : null, check ? ids.result : null].filter(Boolean).join(" ") || undefined;
  const incomplete = checkError instanceof ApiProblem && checkError.problem === null && checkError.status === 422;

  return (
    <div className="stack">
      {classes.isError ? <ProblemAlert error={classes.error} title={t("applications.class.loadFailed")} /> : null}
      <fieldset className="fieldset class-picker" aria-describedby={describedBy}>
        <legend className="field__label">{t("applications.class.legend")}</legend>
        <p className="field__hint">{t("applications.class.hint")}</p>
        <div className="class-picker__row">
          <div className="field">
            <label className="field__label" htmlFor={ids.grade}>
              {t("applications.class.grade")}
            </label>
            <select
              id={ids.grade}
              name="grade"
              className="input select class-picker__grade"
              value={grade}
              aria-invalid={error ? true : undefined}
              onChange={(event) => {
                setGrade(event.target.value);
                const keep = list.some((c) => String(c.grade) === event.target.value && c.letter === letter);
                const nextLetter = keep || freeLetter ? letter : "";
                setLetter(nextLetter);
                pick(event.target.value, nextLetter);
              }}
            >
              <option value="">{t("applications.class.choose")}</option>
              {grades.map((g) => (
                <option key={g} value={String(g)}>
                  {g}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={ids.letter}>
              {t("applications.class.letter")}
            </label>
            {freeLetter ? (
              <input
                id={ids.letter}
                name="letter"
                className="input class-picker__letter"
                value={letter}
                maxLength={1}
                autoComplete="off"
                aria-invalid={error ? true : undefined}
                onChange={(event) => {
                  setLetter(event.target.value.toUpperCase());
                  setCheck(null);
                }}
              />
            ) : (
              <select
                id={ids.letter}
                name="letter"
                className="input select class-picker__letter"
                value={letter}
                disabled={!grade}
                aria-invalid={error ? true : undefined}
                onChange={(event) => {
                  setLetter(event.target.value);
                  pick(grade, event.target.value);
                }}
              >
                <option value="">{grade ? t("applications.class.choose") : t("applications.class.gradeFirst")}</option>
                {letters.map((c: SchoolClass) => (
                  <option key={c.id} value={c.letter}>
                    {c.profile ? `${c.letter} — ${c.profile}` : c.letter}
                  </option>
                ))}
              </select>
            )}
          </div>
          <Button variant="secondary" className="class-picker__check" onClick={() => void runCheck()} busy={checking}>
            {t("applications.class.check")}
          </Button>
        </div>
        {error ? (
          <p id={ids.error} className="field__error">
            <ErrorIcon className="field__error-icon" width={18} height={18} />
            <span>{error}</span>
          </p>
        ) : null}
      </fieldset>
      <div id={ids.result}>
        {check ? (
          <Alert tone={check.valid ? "success" : "warning"} title={check.valid ? t("applications.class.found") : undefined}>
            <p>{check.message}</p>
          </Alert>
        ) : incomplete ? (
          <Alert tone="warning">
            <p>{t("applications.class.fillBoth")}</p>
          </Alert>
        ) : checkError ? (
          <ProblemAlert error={checkError} />
        ) : classId && (current?.name ?? chosenName) ? (
          <p className="muted">{t("applications.class.selected", { name: current?.name ?? chosenName })}</p>
        ) : null}
      </div>
    </div>
  );
}

function parseName(name: string | null | undefined): { grade: string; letter: string } {
  const match = /^(\d{1,2})-(.)$/u.exec(name ?? "");
  return match ? { grade: match[1]!, letter: match[2]! } : { grade: "", letter: "" };
}
