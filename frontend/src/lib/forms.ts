import { useCallback, useMemo, useRef, useState, type FocusEvent, type FormEvent, type RefObject } from "react";

import { ApiProblem } from "@/lib/problem";

// ---- server problems → form fields -------------------------------------------------

export interface MappedProblem<F extends string> {
  /** Messages for the form's own fields, in the server's words. */
  fields: Partial<Record<F, string>>;
  /** What cannot be shown under a field: the problem's detail, or a network failure. */
  general: string | null;
}

/**
 * Spreads a server problem over a form. `fieldMap` names the form field for a server field
 * path (`"birth_certificate.series_number": "certificate"`); a path not in the map falls
 * back to its longest mapped prefix (`"birth_certificate"`), then to a form field of the
 * same name. Errors that land nowhere, and problems without field errors, become `general`.
 */
export function mapProblem<F extends string>(
  error: unknown,
  formFields: readonly F[],
  fieldMap: Record<string, F> = {},
): MappedProblem<F> {
  if (!(error instanceof ApiProblem) || !error.problem) {
    return { fields: {}, general: null };
  }
  const known = new Set<string>(formFields);
  const fields: Partial<Record<F, string>> = {};
  const unplaced: string[] = [];
  for (const e of error.problem.errors) {
    const target = resolveField(e.field, known, fieldMap);
    if (target) {
      fields[target] ??= e.message;
    } else {
      unplaced.push(e.message);
    }
  }
  const placedAny = Object.keys(fields).length > 0;
  const general = unplaced.length ? unplaced.join(" ") : placedAny ? null : error.problem.detail || error.problem.title;
  return { fields, general };
}

function resolveField<F extends string>(path: string, known: Set<string>, fieldMap: Record<string, F>): F | null {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n).join(".");
    if (prefix in fieldMap) return fieldMap[prefix]!;
  }
  if (known.has(path)) return path as F;
  const last = parts[parts.length - 1];
  return last && known.has(last) ? (last as F) : null;
}

// ---- a small form state -------------------------------------------------------------

export type Values<F extends string> = Record<F, string>;
export type Validator<F extends string> = (value: string, values: Values<F>) => string | null;

export interface FormOptions<F extends string> {
  initial: Values<F>;
  /** Field order: the first invalid one gets the focus. */
  fields: readonly F[];
  validate?: Partial<Record<F, Validator<F>>>;
  /** Called after every change (drafts). */
  onChange?: (values: Values<F>) => void;
}

export interface FieldBinding {
  name: string;
  value: string;
  error: string | null;
  onChange: (value: string) => void;
  onBlur: (event: FocusEvent<HTMLElement>) => void;
}

/**
 * Values, errors shown on blur and on submit, focus moved to the first error, and a place
 * for the server's field errors. Inputs are found by `name` inside `formRef`.
 */
export function useForm<F extends string>(options: FormOptions<F>) {
  const { validate = {} } = options;
  // Callers pass the list inline; keep one identity while its contents stay the same.
  const fieldsKey = options.fields.join("|");
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const fields = useMemo(() => options.fields, [fieldsKey]);
  const [values, setValues] = useState<Values<F>>(options.initial);
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const valuesRef = useRef(values);
  valuesRef.current = values;
  const onChangeRef = useRef(options.onChange);
  onChangeRef.current = options.onChange;

  const check = useCallback(
    (name: F, all: Values<F>): string | null => {
      const rule = (validate as Partial<Record<F, Validator<F>>>)[name];
      return rule ? rule(all[name] ?? "", all) : null;
    },
    [validate],
  );

  const focusField = useCallback((name: F) => {
    const form = formRef.current;
    const element = form?.querySelector<HTMLElement>(`[name="${name}"]`);
    element?.focus();
  }, []);

  const showErrors = useCallback(
    (next: Partial<Record<F, string>>, focus = true) => {
      setErrors(next);
      if (!focus) return;
      const first = fields.find((f) => next[f]);
      // After React has rendered the messages, so the screen reader reads them with the field.
      if (first) queueMicrotask(() => focusField(first));
    },
    [fields, focusField],
  );

  const setValue = useCallback(
    (name: F, value: string) => {
      const next = { ...valuesRef.current, [name]: value };
      valuesRef.current = next;
      setValues(next);
      onChangeRef.current?.(next);
      // An error already shown is re-checked as the user corrects it.
      setErrors((current) => {
        if (!current[name]) return current;
        const message = check(name, next);
        return { ...current, [name]: message ?? undefined };
      });
    },
    [check],
  );

  const bind = (name: F): FieldBinding => ({
    name,
    value: values[name] ?? "",
    error: errors[name] ?? null,
    onChange: (value) => setValue(name, value),
    onBlur: () => {
      const value = valuesRef.current[name] ?? "";
      // A field left empty is not an error until the form is sent.
      if (!value) return;
      const message = check(name, valuesRef.current);
      setErrors((current) => ({ ...current, [name]: message ?? undefined }));
    },
  });

  /** Checks every field; shows the errors and focuses the first. True when all pass. */
  const validateAll = useCallback((): boolean => {
    const next: Partial<Record<F, string>> = {};
    for (const name of fields) {
      const message = check(name, valuesRef.current);
      if (message) next[name] = message;
    }
    showErrors(next);
    return Object.keys(next).length === 0;
  }, [check, fields, showErrors]);

  /** Puts a server problem on the fields; returns the part that belongs to no field. */
  const applyProblem = useCallback(
    (error: unknown, fieldMap: Record<string, F> = {}): MappedProblem<F> => {
      const mapped = mapProblem(error, fields, fieldMap);
      showErrors(mapped.fields);
      setGeneral(mapped.general);
      return mapped;
    },
    [fields, showErrors],
  );

  const handleSubmit = (submit: (values: Values<F>) => void | Promise<void>) => (event: FormEvent) => {
    event.preventDefault();
    setGeneral(null);
    if (!validateAll()) return;
    void submit(valuesRef.current);
  };

  const reset = useCallback((next: Values<F>) => {
    valuesRef.current = next;
    setValues(next);
    setErrors({});
    setGeneral(null);
  }, []);

  return {
    values,
    errors,
    general,
    setGeneral,
    formRef: formRef as RefObject<HTMLFormElement>,
    bind,
    setValue,
    setErrors: showErrors,
    validateAll,
    applyProblem,
    handleSubmit,
    focusField,
    reset,
  };
}
