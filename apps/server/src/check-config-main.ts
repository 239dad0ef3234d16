#!/usr/bin/env node
/** `tandem check-config`: checks the environment's configuration as start-up would; exit code 0 or 2. */
import { runCheckConfig } from './config/check-config.js';

process.exitCode = runCheckConfig(process.env);
