/** Fills the {entity} and {trigger} placeholders of a rule text. */
export function fill(template: string, entity: string, trigger: string): string {
  return template.replace(/\{entity\}/g, entity).replace(/\{trigger\}/g, trigger.trim());
}
