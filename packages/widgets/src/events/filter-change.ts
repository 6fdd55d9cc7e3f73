import type { FilterGroup } from '@roster/contract';

/** Fired when the structured filter's chips change; `value` is the new tree (null: none). */
export class FilterChangeEvent extends Event {
  static readonly eventName = 'filter-change';
  constructor(readonly value: FilterGroup | null) {
    super(FilterChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'filter-change': FilterChangeEvent;
  }
}
