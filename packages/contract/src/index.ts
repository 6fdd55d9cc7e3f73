export * from './errors.js';
export * from './permissions.js';
export * from './profile.js';
export * from './fields.js';
export * from './domain.js';
export * from './user-input.js';
export * from './import.js';
export * from './auth.js';
