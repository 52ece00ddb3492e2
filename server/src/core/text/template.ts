/**
 * Fills the {entity} and {trigger} placeholders of a rule text (entity first, as a regex replace
 * would). Most texts hold one placeholder or none, so each is looked for before it is replaced.
 */
export function fill(template: string, entity: string, trigger: string): string {
  if (!template.includes('{')) return template;
  const named = template.includes('{entity}') ? template.replaceAll('{entity}', entity) : template;
  return named.includes('{trigger}') ? named.replaceAll('{trigger}', trigger.trim()) : named;
}
