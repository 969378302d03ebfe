package dev.cfg.grpc.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.test.echo.CallerServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.Tokens;
import dev.cfg.grpc.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class CommandLineTest {

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@Test
	void noCommandMeansRungrpcAndSpringArgumentsMayComeFirst() {
		Set<String> commands = Set.of("rungrpc", "check", "help");
		assertThat(CfgGrpcApplication.withCommandFirst(commands)).containsExactly("rungrpc");
		assertThat(CfgGrpcApplication.withCommandFirst(commands, "--port", "50052")).containsExactly("rungrpc",
				"--port", "50052");
		assertThat(CfgGrpcApplication.withCommandFirst(commands, "--spring.profiles.active=postgres", "check"))
			.containsExactly("check", "--spring.profiles.active=postgres");
		assertThat(CfgGrpcApplication.withCommandFirst(commands, "check", "--cfg.grpc.server.port=80"))
			.containsExactly("check", "--cfg.grpc.server.port=80");
	}

	@Test
	void rungrpcFlagsBecomeSettingsThatOverrideTheConfiguration() {
		CommandLine commandLine = CfgGrpcApplication.commandLine(new SpringLauncher(TestApplication.class));
		CommandLine.ParseResult parsed = commandLine.parseArgs("rungrpc", "--host", "127.0.0.2", "--port", "50099",
				"--workers", "3", "--no-reflection", "--no-health-check", "--no-http", "--http-port", "8089",
				"--spring.profiles.active=x");
		RunGrpcCommand rungrpc = parsed.subcommand().commandSpec().commandLine().getCommand();
		assertThat(rungrpc.springArguments()).containsExactly("--spring.profiles.active=x",
				"--cfg.grpc.server.host=127.0.0.2", "--cfg.grpc.server.port=50099", "--spring.grpc.server.port=50099",
				"--server.port=8089", "--cfg.grpc.server.max-workers=3", "--cfg.grpc.server.enable-reflection=false",
				"--spring.grpc.server.reflection.enabled=false", "--cfg.grpc.server.enable-health-check=false",
				"--spring.grpc.server.health.enabled=false", "--spring.main.web-application-type=none");
	}

	@Test
	void rungrpcStartsTheServerWithFlagsAndSpringArguments() throws Exception {
		int port = freePort();
		CommandLine commandLine = CfgGrpcApplication.commandLine(new SpringLauncher(TestApplication.class));
		int code = commandLine.execute("rungrpc", "--port", String.valueOf(port), "--workers", "3", "--no-reflection",
				"--no-http", "--cfg.grpc.server.compression=gzip");
		assertThat(code).isEqualTo(CfgGrpcApplication.KEEP_RUNNING);
		RunGrpcCommand rungrpc = commandLine.getSubcommands().get("rungrpc").getCommand();
		try (ConfigurableApplicationContext context = rungrpc.context()) {
			CfgGrpcProperties properties = context.getBean(CfgGrpcProperties.class);
			assertThat(properties.server().maxWorkers()).isEqualTo(3);
			assertThat(properties.server().compression()).isEqualTo("gzip");
			ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
			try {
				assertThat(Calls.health(channel, "cfg.test.EchoService")).isEqualTo(ServingStatus.SERVING);
				assertThatExceptionOfType(Exception.class).isThrownBy(() -> Calls.listServicesV1(channel))
					.withMessageContaining("UNIMPLEMENTED");
			}
			finally {
				channel.shutdownNow();
			}
		}
	}

	@Test
	void checkListsServicesWithoutOpeningThePort() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			// If check opened the gRPC port, binding the taken port would fail it.
			int code = execute("check", "--cfg.grpc.server.port=" + taken.getLocalPort(),
					"--cfg.grpc.enabled-apps=dev.cfg.grpc.testapp.discovered");
			assertThat(code).as(this.err.toString()).isZero();
		}
		assertThat(this.out.toString()).contains("check: configuration is valid.")
			.containsPattern("cfg.test.EchoService  \\(dev.cfg.grpc.testapp.EchoGrpcService\\)")
			.containsPattern("\\s+Chat\\s+bidi streaming")
			.contains("cfg.test.PingService");
	}

	@Test
	void checkExitsOneAndNamesTheKeyWhenTheConfigurationIsInvalid() {
		assertThat(execute("check", "--cfg.grpc.server.port=80")).isOne();
		assertThat(this.err.toString()).contains("check: Invalid value for "
				+ "cfg.grpc.server.port: '80'. Allowed: 0 (any free port) or an integer from 1024 to 65535.")
			.doesNotContain("would not start");
	}

	@Test
	void checkSaysWhenGrpcIsTurnedOff() {
		assertThat(execute("check", "--cfg.grpc.enabled=false")).as(this.err.toString()).isZero();
		assertThat(this.out.toString()).contains("gRPC is turned off (cfg.grpc.enabled=false).");
	}

	@Test
	void anUnknownCommandIsRefusedWithTheNearestOneInsteadOfStartingAServer() {
		assertThat(execute("tokn", "--user", "alice")).isEqualTo(2);
		assertThat(this.err.toString()).contains("Unknown command 'tokn': did you mean 'token'? Commands: apikey, check, "
				+ "cleanup-logs, createsuperuser, genproto, help, rungrpc, token.");
		assertThat(execute("frobnicate")).isEqualTo(2);
		assertThat(this.err.toString()).contains("Unknown command 'frobnicate'. Commands:");
		CommandLine.Model.CommandSpec rungrpc = CfgGrpcApplication.commandLine(new SpringLauncher(TestApplication.class))
			.getSubcommands()
			.get("rungrpc")
			.getCommandSpec();
		Set<String> commands = Set.of("rungrpc", "check", "token");
		// Option values are not commands: rungrpc runs.
		assertThat(CfgGrpcApplication.unknownCommand(commands, rungrpc, "--port", "50052", "--http-port", "8081",
				"--spring.profiles.active=postgres")).isNull();
		assertThat(CfgGrpcApplication.unknownCommand(commands, rungrpc, "--port=50052", "token", "--user", "x")).isNull();
		assertThat(CfgGrpcApplication.unknownCommand(commands, rungrpc, "--no-http", "tokn")).isEqualTo("tokn");
	}

	@Test
	void aBadValueUnderRungrpcOrCheckIsOneLineNamingTheKey(CapturedOutput output) {
		assertThat(execute("check", "--cfg.grpc.server.max-send-message-length=8XB")).isOne();
		assertThat(this.err.toString()).contains("Invalid value for cfg.grpc.server.max-send-message-length: '8XB'. "
				+ "Allowed: a size such as 4MB (units B, KB, MB, GB, TB).");
		assertThat(execute("rungrpc", "--no-http", "--cfg.grpc.server.max-worker=5")).isOne();
		assertThat(this.err.toString()).contains("rungrpc: the application did not start: Unknown setting "
				+ "cfg.grpc.server.max-worker (from commandLineArgs): did you mean cfg.grpc.server.max-workers?");
		assertThat(output.toString()).doesNotContain("\tat ");
	}

	@Test
	void aBusyPortNamesThePortTheSettingAndTheFlag(CapturedOutput output) throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
			assertThat(execute("rungrpc", "--no-http", "--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort())))
				.isOne();
			assertThat(this.err.toString()).contains("rungrpc: the application did not start: ");
			assertThat(output.toString()).contains("The gRPC port " + taken.getLocalPort()
					+ " is already in use (cfg.grpc.server.port)", "choose another port: --port N with rungrpc")
				.doesNotContain("\tat ");
		}
	}

	@Test
	void helpListsTheCommands() {
		assertThat(execute("help")).isZero();
		assertThat(this.out.toString()).contains("rungrpc")
			.contains("check")
			.contains("createsuperuser")
			.contains("token")
			.contains("help");
	}

	@Test
	void createsuperuserThenTokenGiveACredentialTheServerAccepts(@TempDir Path dir) {
		String database = "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=TRUE";
		assertThat(execute("createsuperuser", "--username", "root", "--email", "root@example.com", "--password",
				"s3cret", "--no-input", database)).as(this.err.toString()).isZero();
		assertThat(this.out.toString()).contains("Superuser 'root' created.");
		assertThat(execute("createsuperuser", "--username", "root", "--password", "x", "--no-input", database)).isOne();
		assertThat(this.err.toString()).contains("User 'root' exists already");

		this.out.getBuffer().setLength(0);
		assertThat(execute("token", "--user", "root", "--ttl", "10m", database)).as(this.err.toString()).isZero();
		String token = this.out.toString().strip();
		assertThat(token).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");

		try (RunningServer server = RunningServer.start("cfg.grpc.auth.require-auth=true", database.substring(2))) {
			assertThat(CallerServiceGrpc.newBlockingStub(Tokens.bearer(server.channel(), token))
				.whoAmI(Calls.request(""))
				.getText()).isEqualTo("root|root");
		}
	}

	@Test
	void aCommandMigratesANewDatabaseOnceAndStartsOnlyCfgGrpcsStores(@TempDir Path dir) {
		String database = "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db");
		assertThat(execute("createsuperuser", "--username", "root", "--password", "pw", "--no-input", database))
			.as(this.err.toString())
			.isZero();
		assertThat(this.err.toString()).contains("createsuperuser: bringing the database schema up to date first...");
		this.err.getBuffer().setLength(0);
		assertThat(execute("token", "--user", "root", database)).as(this.err.toString()).isZero();
		assertThat(this.err.toString()).as("an up-to-date schema is left alone").doesNotContain("schema");

		SpringLauncher launcher = new SpringLauncher(TestApplication.class);
		try (ConfigurableApplicationContext context = launcher.startCommandBeans(java.util.List.of(database))) {
			assertThat(context.getBean(dev.cfg.grpc.users.UserStore.class).findByUsername("root")).isPresent();
			assertThat(context.getBean(dev.cfg.grpc.auth.TokenIssuer.class)).isNotNull();
			// Neither the application's beans nor JPA, Flyway, servers or the call pipeline.
			assertThat(context.getBeanNamesForType(dev.cfg.grpc.server.ServiceRegistry.class)).isEmpty();
			assertThat(context.getBeanNamesForType(jakarta.persistence.EntityManagerFactory.class)).isEmpty();
			assertThat(context.getBeanNamesForType(org.flywaydb.core.Flyway.class)).isEmpty();
			assertThat(context.getBeanNamesForType(io.grpc.ServerInterceptor.class)).isEmpty();
			assertThat(context.containsBean("testApplication")).isFalse();
		}
	}

	@Test
	void genprotoWritesTheEntitiesAndCheckTellsWhenTheFilesDiffer(@TempDir Path dir) throws Exception {
		String[] app = { "--spring.datasource.url=jdbc:h2:mem:genproto-command;DB_CLOSE_DELAY=-1",
				"--spring.jpa.hibernate.ddl-auto=create-drop", "--cfg.grpc.auth.enabled=false" };
		Path out = dir.resolve("protos");
		Path file = out.resolve("api/protomodel/entities.proto");
		assertThat(genproto(app, "--check", "--output-dir", out.toString())).as(this.err.toString()).isOne();
		assertThat(this.err.toString()).contains(file + " is missing");
		assertThat(genproto(app, "--output-dir", out.toString())).as(this.err.toString()).isZero();
		assertThat(this.out.toString()).contains("wrote " + file);
		assertThat(java.nio.file.Files.readString(file)).contains("message Shelf {", "string name = 17;");
		this.err.getBuffer().setLength(0);
		assertThat(genproto(app, "--check", "--output-dir", out.toString())).as(this.err.toString()).isZero();
		assertThat(this.out.toString()).contains("genproto --check: 1 files up to date");

		// A file that lacks a field the entity has: written by an older model, or edited by hand.
		java.nio.file.Files.writeString(file,
				java.nio.file.Files.readString(file).replace("  optional string syntax = 28;\n", ""));
		assertThat(genproto(app, "--check", "--output-dir", out.toString())).isOne();
		assertThat(this.err.toString()).contains(file + " differs from what would be written:")
			.contains("+  optional string syntax = 32;")
			.contains("1 of 1 files differ; run genproto to write them.");
	}

	private int genproto(String[] app, String... options) {
		this.out.getBuffer().setLength(0);
		this.err.getBuffer().setLength(0);
		java.util.List<String> arguments = new java.util.ArrayList<>(java.util.List.of("genproto"));
		arguments.addAll(java.util.List.of(options));
		arguments.addAll(java.util.List.of(app));
		return CfgGrpcApplication.execute(dev.cfg.grpc.protomodel.ProtoModelApplication.class,
				new PrintWriter(this.out, true), new PrintWriter(this.err, true), arguments.toArray(String[]::new));
	}

	@Test
	void aBadSettingStopsACommandWithOneLine() {
		assertThat(execute("token", "--user-id", "1", "--cfg.grpc.auth.access-token-lifetime=soon")).isOne();
		// The in-memory database of this test is new, so its schema is made first.
		assertThat(this.err.toString().strip().lines().filter((line) -> !line.contains("schema up to date")))
			.containsExactly("token: Invalid value for cfg.grpc.auth.access-token-lifetime: 'soon'. "
					+ "Allowed: a duration such as 500ms, 30s, 5m, 2h or 1d.");
	}

	@Test
	void apikeyCreateListRevokeManageKeysTheServerAccepts(@TempDir Path dir) {
		String database = "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=TRUE";
		assertThat(execute("createsuperuser", "--username", "root", "--password", "pw", "--no-input", database)).isZero();
		this.out.getBuffer().setLength(0);
		assertThat(execute("apikey", "create", "--user", "root", "--name", "deploy", "--expires", "30d", database))
			.as(this.err.toString())
			.isZero();
		String key = this.out.toString().strip();
		assertThat(key).matches("[0-9a-f]{64}");
		assertThat(this.err.toString()).contains("cannot be shown again");

		this.out.getBuffer().setLength(0);
		assertThat(execute("apikey", "list", database)).isZero();
		assertThat(this.out.toString()).contains(key.substring(0, 8)).contains("deploy").contains("active")
			.doesNotContain(key);

		try (RunningServer server = RunningServer.start("cfg.grpc.auth.require-auth=true", database.substring(2))) {
			assertThat(CallerServiceGrpc.newBlockingStub(Tokens.header(server.channel(), "x-api-key", key))
				.whoAmI(Calls.request(""))
				.getText()).isEqualTo("root|root");
			assertThat(execute("apikey", "revoke", key.substring(0, 8), database)).as(this.err.toString()).isZero();
			// The server drops its cached check within the cache's time to live (10s by default).
		}
		this.out.getBuffer().setLength(0);
		assertThat(execute("apikey", "list", database)).isZero();
		assertThat(this.out.toString()).contains("revoked");
		assertThat(execute("apikey", "revoke", "ffffffff", database)).isOne();
		assertThat(this.err.toString()).contains("no active key starts with 'ffffffff'");
	}

	@Test
	void tokenAndCreatesuperuserExplainWhatIsMissing() {
		assertThat(execute("token", "--user", "nobody")).isOne();
		assertThat(this.err.toString()).contains("token: no active user named 'nobody'");
		assertThat(execute("token")).isEqualTo(2);
		assertThat(this.err.toString()).contains("give exactly one of --user NAME or --user-id ID");
		assertThat(execute("token", "--user-id", "1", "--ttl", "soon")).isEqualTo(2);
		assertThat(this.err.toString()).contains("--ttl 'soon' is not a duration");
		assertThat(execute("createsuperuser", "--username", "root", "--no-input")).isEqualTo(2);
		assertThat(this.err.toString()).contains("are required when not run in a terminal");
	}

	private int execute(String... args) {
		return CfgGrpcApplication.execute(TestApplication.class, new PrintWriter(this.out, true),
				new PrintWriter(this.err, true), args);
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
