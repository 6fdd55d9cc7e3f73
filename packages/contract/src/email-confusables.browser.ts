/**
 * What a browser build gets for `#email-confusables`: nothing up front. The confusables check (≈ 20 KB gzip of
 * Unicode tables) loads through `emailRulesReady` the first time an address beyond ASCII is checked.
 */
export {};
