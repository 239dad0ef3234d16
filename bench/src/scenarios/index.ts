import type { Scenario } from '../scenario.js';
import { s1ManyDocs } from './s1-many-docs.js';
import { s2FanOut } from './s2-fan-out.js';
import { s3HotDoc } from './s3-hot-doc.js';
import { s4JoinStorm } from './s4-join-storm.js';
import { s5TraceReplay } from './s5-trace-replay.js';
import { s6Churn } from './s6-churn.js';
import { s7LargeDoc } from './s7-large-doc.js';
import { c1Cluster } from './c1-cluster.js';
import { e1EditorTyping } from './e1-editor-typing.js';

/** Every scenario, in run order. */
export const SCENARIOS: readonly Scenario[] = [s1ManyDocs, s2FanOut, s3HotDoc, s4JoinStorm, s5TraceReplay, s6Churn, s7LargeDoc, c1Cluster, e1EditorTyping];
