/**
 * The one table of topics. Names carry a version: a breaking change gets a new topic, consumers move
 * over, the old one drains. Partition counts are the defaults for local runs; k8s/topics.yaml sets
 * production values.
 */
export const TOPICS = {
  accountLifecycle: { name: 'contact-sync.account-lifecycle.v1', partitions: 3, producer: 'accounts' },
  providerContactChanges: { name: 'contact-sync.provider-contact-changes.v1', partitions: 6, producer: 'ingest' },
  crmPersonChanges: { name: 'contact-sync.crm-person-changes.v1', partitions: 6, producer: 'contacts' },
  writebackResults: { name: 'contact-sync.writeback-results.v1', partitions: 3, producer: 'writeback' },
  syncRunSummaries: { name: 'contact-sync.sync-run-summaries.v1', partitions: 3, producer: 'ingest' },
  deadLetter: { name: 'contact-sync.dead-letter.v1', partitions: 1, producer: 'any consumer' },
} as const;

export type TopicKey = keyof typeof TOPICS;

/**
 * Full topic name. The optional namespace lets isolated environments (test suites, previews) share a
 * broker without seeing each other's messages; production leaves it empty.
 */
export function topicName(topic: TopicKey, namespace = ''): string {
  return namespace ? `${namespace}.${TOPICS[topic].name}` : TOPICS[topic].name;
}
