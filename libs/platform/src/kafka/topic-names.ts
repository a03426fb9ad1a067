import { topicName, type TopicKey } from '@contact-sync/events';

/**
 * Topic name for decorators (`@EventPattern(topicFor('...'))`), which are evaluated when the module is
 * loaded; it reads the same TOPIC_NAMESPACE variable the validated config does.
 */
export function topicFor(topic: TopicKey): string {
  return topicName(topic, process.env.TOPIC_NAMESPACE ?? '');
}
