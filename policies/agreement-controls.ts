/**
 * The controls a sharing must commit to (S7, R7): by the effective grade of its data, plus those its
 * content adds (personal information, sensitive personal information, data sent abroad), each with the
 * reasons that require it. The lists are parameters: R7 fixes the floor of important and core data.
 */
import { reasonOf, type Reason } from './agreement-reasons';
import type { Parameters } from './parameters';
import { CONTROLS, type Control, type DataGrade } from './vocabulary';

export interface ControlFlags {
  personalInfo: boolean;
  sensitivePersonalInfo: boolean;
  crossBorder: boolean;
}

export interface RequiredControl {
  control: Control;
  reasons: Reason[];
}

/** Every control the sharing must commit to, in the order of `CONTROLS`, each with why. */
export function requiredControlsFor(
  grade: DataGrade,
  flags: ControlFlags,
  params: Pick<Parameters, 'requiredControlsByGrade' | 'requiredControlsByContent'>,
): RequiredControl[] {
  const byContent = params.requiredControlsByContent;
  const sources: [readonly Control[], Reason][] = [
    [params.requiredControlsByGrade[grade], reasonOf('control.for_grade', { grade })],
    [flags.personalInfo ? byContent.personalInfo : [], reasonOf('control.for_personal_information', {})],
    [
      flags.sensitivePersonalInfo ? byContent.sensitivePersonalInfo : [],
      reasonOf('control.for_sensitive_personal_information', {}),
    ],
    [flags.crossBorder ? byContent.crossBorder : [], reasonOf('control.for_cross_border', {})],
  ];
  return CONTROLS.flatMap((control) => {
    const reasons = sources.filter(([controls]) => controls.includes(control)).map(([, reason]) => reason);
    return reasons.length > 0 ? [{ control, reasons }] : [];
  });
}
