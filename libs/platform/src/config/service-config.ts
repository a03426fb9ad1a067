import type { BaseEnv } from './base-env.schema';

/** DI token of the validated configuration object of the running service. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

export interface ServiceIdentity {
  /** Short service name: client ids, consumer groups, default database and metric labels derive from it. */
  name: string;
}

export type ServiceConfig<E extends BaseEnv = BaseEnv> = E & ServiceIdentity;
