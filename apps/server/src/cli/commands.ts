/**
 * The subcommands of the `tandem` command (cli/tandem.ts). Each loads its code only when it runs,
 * so `tandem token` does not load the server and `tandem serve` loads nothing it does not use.
 * `run` resolves with the exit code; a long-running command (serve) resolves once it is running.
 */
export interface Command {
  summary: string;
  run(argv: string[], env: Record<string, string | undefined>): Promise<number | void>;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

/** A subcommand whose code has not landed in this build: says so and exits 1. */
function notYet(name: string, what: string): Command {
  return {
    summary: `${what} (not in this build yet)`,
    async run() {
      process.stderr.write(`tandem ${name}: not available in this build yet (${what}).\n`);
      return 1;
    },
  };
}

export const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'run the server (configured by the environment: README, "Configuration")',
    async run(_argv, env) {
      const { runServe } = await import('../serve.js');
      await runServe(env);
    },
  },
  token: {
    summary: 'print a document token signed with AUTH_SECRET (--doc ID --role read|comment|write [--ttl 1h])',
    async run(argv, env) {
      const { runTokenCli } = await import('../auth/token-cli.js');
      return runTokenCli(argv, env, out, (line) => process.stderr.write(`tandem token: ${line}\n`));
    },
  },
  backup: {
    summary: 'export or import documents through a running server (export|import --server URL --dir DIR)',
    async run(argv, env) {
      const { runBackupCli } = await import('./backup-command.js');
      return runBackupCli(argv, env);
    },
  },
  // Stubs until their code lands on main: replace each with a lazy import like `backup` above
  // (migrate: cli/migrate.ts runMigrate(argv, env); check-config: config/check-config.ts).
  migrate: notYet('migrate', 'bring the database schema up to date'),
  'check-config': notYet('check-config', 'check the configuration without starting'),
};

/** The `tandem --help` text. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return ['usage: tandem <command> [options]', '', 'commands:', ...lines, '', 'tandem --version prints the version.'].join('\n');
}
