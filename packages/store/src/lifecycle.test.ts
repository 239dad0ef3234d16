import { describeLifecycleStore } from './lifecycle-conformance.js';
import { createMemoryStore } from './memory-store.js';

describeLifecycleStore('memory', { create: async () => createMemoryStore() });
