import { describeDocStore } from './conformance.js';
import { createMemoryStore } from './memory-store.js';

describeDocStore('memory', { create: async () => createMemoryStore() });
