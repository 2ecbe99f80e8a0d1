import type { FollowupStep, FollowupStepKind, FollowupTemplateProblem, SaveFollowupTemplateRequest } from '@yiban/shared';

/** The follow-up pathway editor's pure helpers (unit-tested): a blank pathway, a new step, the text fields, problems by step. */

export function blankPathway(): SaveFollowupTemplateRequest {
  return {
    key: '',
    name: '',
    nameEn: null,
    description: null,
    descriptionEn: null,
    match: { on: null, departmentIds: [], diagnosisPrefixes: [] },
    steps: [],
    active: true,
  };
}

/** A new step a week after the last one (questionnaires start with the shipped follow-up questionnaire). */
export function newStep(kind: FollowupStepKind, steps: readonly FollowupStep[]): FollowupStep {
  const offsetDays = Math.min(365, steps.reduce((max, s) => Math.max(max, s.offsetDays), -7) + 7);
  return { offsetDays, kind, title: '', ...(kind === 'questionnaire' && { questionnaireKey: 'post_op' }) };
}

/** "I10, E11 k35.8" → ['I10', 'E11', 'K35.8'] (commas, spaces and Chinese separators; upper case; each once). */
export function prefixesFromText(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,，、;；]+/)
        .map((p) => p.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

/** Problems by step index (-1: the pathway itself). */
export function problemsByStep(problems: readonly FollowupTemplateProblem[]): Map<number, FollowupTemplateProblem[]> {
  const by = new Map<number, FollowupTemplateProblem[]>();
  for (const p of problems) {
    const m = /^steps\.(\d+)/.exec(p.path);
    const i = m ? Number(m[1]) : -1;
    by.set(i, [...(by.get(i) ?? []), p]);
  }
  return by;
}

/** What is sent: empty optional words as null (the server refuses blank text). */
export function toRequest(draft: SaveFollowupTemplateRequest, creating: boolean): SaveFollowupTemplateRequest {
  const orNull = (v: string | null | undefined) => (v && v.trim() ? v : null);
  const { key, ...rest } = draft;
  return {
    ...(creating && { key }),
    ...rest,
    nameEn: orNull(draft.nameEn),
    description: orNull(draft.description),
    descriptionEn: orNull(draft.descriptionEn),
    steps: draft.steps.map((s) => {
      const { titleEn, articleTag, ...step } = s;
      return { ...step, ...(titleEn && titleEn.trim() && { titleEn }), ...(s.kind === 'education' && articleTag && articleTag.trim() && { articleTag }) };
    }),
  };
}
