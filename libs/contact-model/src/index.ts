export * from './canonical-contact';
export * from './normalize';
export * from './contact-hash';
export * from './display-name';
export * from './field-rules';
export * from './birthday';
export * from './visibility-rules';
export * from './user-access';
