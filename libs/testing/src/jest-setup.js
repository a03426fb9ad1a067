// Loaded by every jest project before tests.
require('reflect-metadata');
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
