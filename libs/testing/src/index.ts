export * from './infra-env';
export * from './free-port';
export * from './eventually';
export * from './service-process';
export * from './local-stack';
export * from './http-json';
export * from './crm-user';
export * from './kafka-probe';
