import { localized, type Locale, type QuestionItemView, type QuestionnaireDefinition, type QuestionnaireView } from '@yiban/shared';

/** A definition as the reader reads it: the hospital's texts in their language (the Chinese when no English was entered). */
export function renderQuestionnaire(d: QuestionnaireDefinition, locale: Locale): QuestionnaireView {
  const text = (zh: string, en: string | undefined) => localized(zh, en ?? null, locale).value;
  return {
    title: text(d.title, d.titleEn),
    intro: d.intro ? text(d.intro, d.introEn) : null,
    items: d.items.map((i): QuestionItemView => ({
      id: i.id,
      kind: i.kind,
      text: text(i.text, i.textEn),
      required: Boolean(i.required),
      ...(i.scale !== undefined && { scale: i.scale }),
      ...(i.options && { options: i.options.map((o) => ({ value: o.value, label: text(o.label, o.labelEn) })) }),
      ...(i.unit !== undefined && { unit: i.unit }),
      ...(i.min !== undefined && { min: i.min }),
      ...(i.max !== undefined && { max: i.max }),
      ...(i.decimals !== undefined && { decimals: i.decimals }),
      ...(i.showIf && { showIf: i.showIf }),
      ...(i.dimension && { dimension: i.dimension }),
      ...(i.touchpoint && { touchpoint: i.touchpoint }),
      ...(i.pair && { pairRole: i.pair.role }),
    })),
  };
}
