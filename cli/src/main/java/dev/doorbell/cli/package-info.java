/**
 * The {@code doorbell} command: {@link Main} wires the command line ({@link CommandLineFactory},
 * {@link DoorbellCommand}) to the process's streams and exit code. One class per subcommand: {@link UpCommand},
 * {@link DemoCommand}, {@link SledCommand}, {@link GatewayCommand}, {@link FetcherCommand},
 * {@link ReconcilerCommand}, {@link ReplayCommand}, {@link InspectCommand}, {@link SchemaCommand} (with its list, check, register,
 * compat and diff subcommands) and {@link BenchCommand}; shared options in {@link KafkaOptions} and
 * {@link RegistryOptions}; {@link Lifetime} keeps a long-running command alive until Ctrl-C and closes what
 * it started in reverse order.
 */
package dev.doorbell.cli;
