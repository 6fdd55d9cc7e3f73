/** Defines a custom element unless the tag is already taken (the bundle may be loaded twice on a page). */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
