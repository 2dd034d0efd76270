import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormProblem, ProblemField } from '../devices/deviceForm';

type Props = {
  label: string;
  /** The control's id, so the label and the problem text belong to it. */
  htmlFor: string;
  field?: ProblemField;
  problems: readonly FormProblem[];
  hint?: string;
  children: ReactNode;
};

/** A labelled form control with its problem, in words, underneath. */
export function DeviceField({ label, htmlFor, field, problems, hint, children }: Props) {
  const { t } = useTranslation();
  const problem = field ? problems.find((p) => p.field === field) : undefined;
  return (
    <div className={`device-field${problem ? ' device-field--invalid' : ''}`}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint ? <span className="device-field__hint">{hint}</span> : null}
      {problem ? (
        <span
          className="device-field__problem"
          id={`${htmlFor}-problem`}
          data-testid="device-field-error"
          data-field={field}
        >
          {t(`deviceProblem.${problem.code}`)}
        </span>
      ) : null}
    </div>
  );
}

/** aria attributes for a control whose field may have a problem. */
export function invalidProps(htmlFor: string, field: ProblemField, problems: readonly FormProblem[]) {
  const bad = problems.some((p) => p.field === field);
  return bad ? { 'aria-invalid': true, 'aria-describedby': `${htmlFor}-problem` } : {};
}
