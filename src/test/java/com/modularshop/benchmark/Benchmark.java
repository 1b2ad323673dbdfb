package com.modularshop.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.modularshop.benchmark.BenchmarkReport.Drain;
import com.modularshop.benchmark.BenchmarkReport.Latencies;
import com.modularshop.benchmark.BenchmarkReport.Phase;
import com.modularshop.benchmark.BenchmarkReport.Second;
import com.modularshop.benchmark.LoadGenerator.Sample;

/**
 * The order pipeline under load, end to end: the packaged jar on a fresh PostgreSQL, 50 products, 20 customers and
 * one-line orders on random SKUs. Measures closed-loop saturation, open-loop rates at 25-100% of the peak found, a 2x
 * overload, the drain after it, what the JVM and PostgreSQL cost, and the same workload's SQL replayed without the
 * application as the ceiling. End-to-end latencies come from the database's own timestamps.
 *
 * <p>Run with {@code ./mvnw -B -Pbench verify}; settings are system properties ({@code bench.*}, see
 * {@link Settings#fromSystemProperties()}). It is not a test: CI runs it as a short smoke ({@code BenchmarkIT}).
 */
public final class Benchmark {

	/**
	 * @param jar the packaged application
	 * @param java the java executable to run it with
	 * @param jvmOptions options for that JVM
	 * @param clients closed-loop clients
	 * @param warmup the longest closed-loop warm-up before measuring; it ends sooner once the JIT has settled, and is
	 *          followed by one round at twice its last rate
	 * @param warmupRound how long each closed-loop warm-up round runs
	 * @param saturation closed-loop measurement
	 * @param step each open-loop rate
	 * @param overload the 2x overload
	 * @param limit the SQL replay
	 * @param connections the application's connection pool size, and the replay's connection count
	 * @param datasourceUrl an existing PostgreSQL database to use instead of a fresh embedded one
	 * @param output where the report goes
	 */
	record Settings(Path jar, String java, List<String> jvmOptions, int clients, Duration warmup, Duration warmupRound,
			Duration saturation, Duration step, Duration overload, Duration limit, int connections, String datasourceUrl,
			String username, String password, Path output, boolean statements) {

		static Settings fromSystemProperties() {

			var java = System.getProperty("bench.java", ProcessHandle.current().info().command().orElse("java"));

			return new Settings(Path.of(System.getProperty("bench.jar", System.getProperty("shop.jar", "target/modular-shop.jar"))).toAbsolutePath(),
					java, Arrays.stream(System.getProperty("bench.jvm-options", recommendedJvmOptions(java)).split(" "))
							.filter(it -> !it.isBlank()).toList(),
					Integer.getInteger("bench.clients", 16),
					Duration.parse(System.getProperty("bench.warmup", "PT4M")),
					Duration.parse(System.getProperty("bench.warmup-round", "PT15S")),
					Duration.parse(System.getProperty("bench.saturation", "PT30S")),
					Duration.parse(System.getProperty("bench.step", "PT20S")),
					Duration.parse(System.getProperty("bench.overload", "PT60S")),
					Duration.parse(System.getProperty("bench.limit", "PT20S")),
					Integer.getInteger("bench.connections", 10),
					System.getProperty("bench.datasource.url", ""),
					System.getProperty("bench.datasource.username", "postgres"),
					System.getProperty("bench.datasource.password", ""),
					Path.of(System.getProperty("bench.output", "target/bench")).toAbsolutePath(),
					Boolean.getBoolean("bench.statements"));
		}

		/**
		 * A few seconds in all: proves the harness works, its statement counts included on its own embedded database
		 * (a given one is left without the extension), and measures nothing.
		 */
		Settings smoke() {
			var second = Duration.ofSeconds(1);
			return new Settings(jar, java, jvmOptions, 4, second, second, Duration.ofSeconds(2), second, second, second,
					connections, datasourceUrl, username, password, output, datasourceUrl.isBlank());
		}

		/**
		 * The JVM settings the README recommends and the Docker image uses, so that the figures are those of a real
		 * deployment; {@code -Dbench.jvm-options=} (empty) measures the JVM's own defaults instead.
		 */
		static String recommendedJvmOptions(String java) {
			return "-XX:+UseSerialGC -Xms64m -Xmx256m" + (Runtime.Version.parse(versionOf(java)).feature() >= 25
					? " -XX:+UseCompactObjectHeaders" : "");
		}

		private static String versionOf(String java) {
			try {
				var process = new ProcessBuilder(java, "-XshowSettings:properties", "-version")
						.redirectErrorStream(true).start();
				var output = new String(process.getInputStream().readAllBytes());
				process.waitFor();
				return output.lines().map(String::strip).filter(it -> it.startsWith("java.version = ")).findFirst()
						.map(it -> it.substring("java.version = ".length())).orElseThrow();
			} catch (IOException | InterruptedException e) {
				throw new IllegalStateException("cannot run " + java, e);
			}
		}

		String jcmd() {
			return Path.of(java).resolveSibling("jcmd").toString();
		}
	}

	private static final int PRODUCTS = 50;
	private static final int CUSTOMERS = 20;
	private static final String ADMIN = "bench-admin@shop.test";
	private static final String SECRET = "benchmark password";
	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
	private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private final Settings settings;
	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
	private EmbeddedPostgres embedded;
	private Process application;
	private URI base;
	private Connection db;
	private long postmaster = -1;

	Benchmark(Settings settings) {
		this.settings = settings;
	}

	public static void main(String[] args) throws Exception {
		var settings = Settings.fromSystemProperties();
		new Benchmark(args.length > 0 && args[0].equals("smoke") ? settings.smoke() : settings).run();
	}

	BenchmarkReport run() throws Exception {

		Files.createDirectories(settings.output());
		var work = Files.createTempDirectory(settings.output(), "run-");

		try {
			var server = startDatabase(work);
			startApplication(work, server);
			var report = measure(server);
			report.write(settings.output());
			System.out.println(report.markdown());
			return report;
		} finally {
			stop();
		}
	}

	private BenchmarkReport measure(String server) throws Exception {

		var report = new BenchmarkReport(settings, System.getProperty("java.vm.name"), javaVersion());
		var load = new LoadGenerator(base, setUpShop(), IntStream.range(0, PRODUCTS).mapToObj(Benchmark::sku).toList());

		var rounds = warmUp(load);
		report.warmUp(rounds);
		// Refusals too: the first ones after a start deoptimise and recompile much of the request path (Tomcat closes
		// the connection after a 503), which took the first 10-20 s of the overload; it measures a warm JVM instead.
		var warmRate = rounds.get(rounds.size() - 1).ordersPerSecond() * 2;
		log("warm-up: %.0f/s for %s", warmRate, settings.warmupRound());
		load.openLoop(warmRate, settings.warmupRound());
		drain(Instant.now());
		report.idleRss(ProcessStats.rssBytes(application.pid()), ProcessStats.heapAfterGcBytes(settings.jcmd(),
				application.pid()));

		log("saturation: %d clients for %s", settings.clients(), settings.saturation());
		var counting = settings.statements() && StatementStats.reset(db);
		var cpuBefore = cpuUse();
		var start = Instant.now();
		var samples = load.closedLoop(settings.clients(), settings.saturation());
		var end = Instant.now();
		var saturationDrain = drain(end);
		var accepted = samples.stream().filter(Sample::accepted).count();
		var cpu = cpuUse().since(cpuBefore);
		if (counting) {
			report.statements("closed loop", StatementStats.top(db, Math.max(accepted, 1), 15));
		}
		// the first seconds fill the pipeline; the rest is what it sustains
		var steadyFrom = start.plus(settings.saturation().dividedBy(6));
		var sustained = notifiedBetween(steadyFrom, end) / seconds(steadyFrom, end);
		var saturation = phase("closed loop, " + settings.clients() + " clients", 0, samples, start, end);
		report.saturation(saturation, sustained, cpu.app() * 1000 / Math.max(accepted, 1),
				cpu.db() * 1000 / Math.max(accepted, 1), saturationDrain);

		// the sustainable rate, unless given (to offer two builds the same open-loop rates)
		var peak = Double.parseDouble(System.getProperty("bench.peak", "0")) > 0
				? Double.parseDouble(System.getProperty("bench.peak"))
				: Math.max(1, Math.min(saturation.ingestPerSecond(), sustained));
		report.peak(peak);

		for (var share : List.of(0.25, 0.5, 0.75, 1.0)) {
			log("open loop: %.0f/s for %s", peak * share, settings.step());
			// the footprint target is set at half the peak: its memory is sampled as in the overload
			var halfLoad = share == 0.5 ? new Sampler() : null;
			if (halfLoad != null) {
				halfLoad.start();
			}
			var from = Instant.now();
			var rated = load.openLoop(peak * share, settings.step());
			var to = Instant.now();
			if (halfLoad != null) {
				halfLoad.interrupt();
				halfLoad.join();
				report.halfLoadRss(halfLoad.maxRss);
			}
			drain(to);
			report.openLoop(phase("open loop, %.0f%% of peak".formatted(share * 100), peak * share, rated, from, to));
		}

		log("overload: %.0f/s for %s", peak * 2, settings.overload());
		var heapBefore = ProcessStats.heapAfterGcBytes(settings.jcmd(), application.pid());
		var sampler = new Sampler();
		sampler.start();
		if (counting) {
			StatementStats.reset(db);
		}
		var from = Instant.now();
		var overloaded = load.openLoop(peak * 2, settings.overload());
		var to = Instant.now();
		// what the open loop carried once the pipeline had filled: above the closed loop's peak in most runs
		var overloadSteadyFrom = from.plus(settings.overload().dividedBy(6));
		var overloadSustained = notifiedBetween(overloadSteadyFrom, to) / seconds(overloadSteadyFrom, to);
		var backlogAtStop = backlog();
		var overloadDrain = drain(to);
		sampler.interrupt();
		sampler.join();
		// after the drain, like the closed loop's: the work of every accepted order, and none of the next phase's
		if (counting) {
			report.statements("overload", StatementStats.top(db,
					Math.max(1, overloaded.stream().filter(Sample::accepted).count()), 15));
		}
		var heapAfter = ProcessStats.heapAfterGcBytes(settings.jcmd(), application.pid());
		report.overload(phase("overload, 200% of peak", peak * 2, overloaded, from, to),
				seconds(overloaded, from, sampler.seconds), overloadSustained, overloadDrain, backlogAtStop, heapBefore,
				heapAfter, sampler.maxRss, sampler.maxBacklog, sampler.maxDbPss, lost(overloaded));

		log("SQL limit: %d connections for %s", settings.connections(), settings.limit());
		var user = settings.datasourceUrl().isBlank() ? "postgres" : settings.username();
		report.limit(new SqlLimit(server, user, settings.password()).ordersPerSecond(settings.connections(),
				settings.limit()));

		return report;
	}

	/** The per-second view of the overload: offered, accepted and confirmed orders, backlog, memory and CPU. */
	private List<Second> seconds(List<Sample> samples, Instant from, List<Sampler.Reading> readings)
			throws SQLException {

		var count = (int) Math.ceil(settings.overload().toMillis() / 1000.0) + 1;
		var offered = new long[count];
		var accepted = new long[count];
		var origin = samples.isEmpty() ? 0 : samples.get(0).dueNanos();

		for (var sample : samples) {
			var second = (int) Math.min(count - 1, (sample.dueNanos() - origin) / 1_000_000_000L);
			offered[second]++;
			if (sample.accepted()) {
				accepted[second]++;
			}
		}

		var confirmed = new long[count];
		try (var statement = db.prepareStatement("""
				SELECT floor(extract(epoch FROM publication_date - ?) )::int, count(DISTINCT serialized_event)
				FROM (SELECT publication_date, serialized_event FROM event_publication_archive WHERE event_type LIKE
				        '%.OrderConfirmed' AND publication_date >= ?
				      UNION ALL
				      SELECT publication_date, serialized_event FROM event_publication WHERE event_type LIKE
				        '%.OrderConfirmed' AND publication_date >= ?) c
				GROUP BY 1""")) {
			var at = Timestamp.from(from);
			statement.setTimestamp(1, at);
			statement.setTimestamp(2, at);
			statement.setTimestamp(3, at);
			try (var rows = statement.executeQuery()) {
				while (rows.next()) {
					if (rows.getInt(1) < count) {
						confirmed[rows.getInt(1)] = rows.getLong(2);
					}
				}
			}
		}

		var result = new ArrayList<Second>();
		for (var i = 0; i < count; i++) {
			var reading = i < readings.size() ? readings.get(i) : Sampler.Reading.NONE;
			// CPU used up to the next reading: the sampler reads at the start of each second
			var next = i + 1 < readings.size() ? readings.get(i + 1) : reading;
			var appCpu = next.appCpu() - reading.appCpu();
			var dbCpu = next.dbCpu() - reading.dbCpu();
			var benchCpu = next.benchCpu() - reading.benchCpu();
			var machine = next.machine().minus(reading.machine());
			result.add(new Second(i, offered[i], accepted[i], confirmed[i], reading.backlog(), reading.rss(), appCpu,
					dbCpu, benchCpu, Math.max(0, machine.busy() - appCpu - dbCpu - benchCpu), machine.idle(),
					machine.ioWait(), next.appSystemCpu() - reading.appSystemCpu(),
					next.appSwitches() - reading.appSwitches(), next.transactions() - reading.transactions(),
					next.rowsRead() - reading.rowsRead(), reading.deadRows(), reading.oldestTransaction(),
					reading.autovacuums(), next.jvm().minus(reading.jvm()), reading.speed()));
		}

		return result;
	}

	private Phase phase(String name, double offered, List<Sample> samples, Instant from, Instant to)
			throws SQLException {

		var accepted = samples.stream().filter(Sample::accepted).toList();
		var placeLatencies = accepted.stream().mapToDouble(Sample::latencyMillis).sorted().toArray();
		var ids = accepted.stream().map(Sample::orderId).filter(Objects::nonNull).toArray(UUID[]::new);
		var confirmed = new ArrayList<Double>();
		var notified = new ArrayList<Double>();

		try (var statement = db.prepareStatement("""
				WITH o AS (SELECT id, placed_at FROM ordering.orders WHERE id = ANY (?)),
				c AS (SELECT (serialized_event::jsonb ->> 'orderId')::uuid AS order_id,
				             (serialized_event::jsonb ->> 'eventId')::uuid AS event_id, min(publication_date) AS at
				      FROM (SELECT serialized_event, publication_date FROM event_publication_archive
				            WHERE event_type LIKE '%.OrderConfirmed' AND publication_date >= ?
				            UNION ALL
				            SELECT serialized_event, publication_date FROM event_publication
				            WHERE event_type LIKE '%.OrderConfirmed' AND publication_date >= ?) p
				      GROUP BY 1, 2)
				SELECT extract(epoch FROM c.at - o.placed_at) * 1000, extract(epoch FROM n.created_at - o.placed_at) * 1000
				FROM o LEFT JOIN c ON c.order_id = o.id
				LEFT JOIN notification.notifications n ON n.event_id = c.event_id AND n.type = 'ORDER_CONFIRMED'""")) {
			statement.setArray(1, db.createArrayOf("uuid", ids));
			var since = Timestamp.from(from.minusSeconds(1));
			statement.setTimestamp(2, since);
			statement.setTimestamp(3, since);
			try (var rows = statement.executeQuery()) {
				while (rows.next()) {
					var toConfirmed = rows.getDouble(1);
					if (!rows.wasNull()) {
						confirmed.add(toConfirmed);
					}
					var toNotified = rows.getDouble(2);
					if (!rows.wasNull()) {
						notified.add(toNotified);
					}
				}
			}
		}

		var rejected = samples.size() - accepted.size();
		return new Phase(name, offered, samples.size(), accepted.size(), rejected, accepted.size() / seconds(from, to),
				new Latencies(placeLatencies), new Latencies(sorted(confirmed)), new Latencies(sorted(notified)));
	}

	/** Accepted orders that did not end confirmed and notified. */
	private long lost(List<Sample> samples) throws SQLException {

		var ids = samples.stream().filter(Sample::accepted).map(Sample::orderId).toArray(UUID[]::new);

		try (var statement = db.prepareStatement("""
				SELECT count(*) FROM unnest(?::uuid[]) AS a(id) LEFT JOIN ordering.orders o ON o.id = a.id
				WHERE o.status IS DISTINCT FROM 'CONFIRMED'""")) {
			statement.setArray(1, db.createArrayOf("uuid", ids));
			try (var rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	/** Waits until every order is decided and every publication delivered; the time that took. */
	private Drain drain(Instant loadStopped) throws Exception {

		var deadline = Instant.now().plus(DRAIN_TIMEOUT);
		var pending = pendingOrders();

		while (Instant.now().isBefore(deadline)) {
			if (pendingOrders() == 0 && backlog() == 0) {
				var took = Duration.between(loadStopped, Instant.now());
				return new Drain(pending, took);
			}
			Thread.sleep(100);
		}

		throw new IllegalStateException("The pipeline did not drain within " + DRAIN_TIMEOUT);
	}

	private long pendingOrders() throws SQLException {
		return single("SELECT count(*) FROM ordering.orders WHERE status = 'PLACED'");
	}

	private long backlog() throws SQLException {
		return single("SELECT count(*) FROM event_publication");
	}

	private double notifiedBetween(Instant from, Instant to) throws SQLException {

		try (var statement = db.prepareStatement("SELECT count(*) FROM notification.notifications WHERE type = "
				+ "'ORDER_CONFIRMED' AND created_at >= ? AND created_at < ?")) {
			statement.setTimestamp(1, Timestamp.from(from));
			statement.setTimestamp(2, Timestamp.from(to));
			try (var rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private long single(String sql) throws SQLException {
		try (var statement = db.createStatement(); var rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/** An administrator, the products, the customers; waits until the order module's local copies know them all. */
	private List<String> setUpShop() throws Exception {

		var admin = token(ADMIN);

		for (var i = 0; i < PRODUCTS; i++) {
			post("/api/products", admin, """
					{"sku":"%s","name":"Benchmark product %d","price":{"amount":9.99,"currency":"EUR"},
					 "stock":100000000}""".formatted(sku(i), i));
		}

		var tokens = new ArrayList<String>();
		for (var i = 0; i < CUSTOMERS; i++) {
			var email = "customer-%d@bench.test".formatted(i);
			post("/api/users", null, """
					{"email":"%s","name":"Customer %d","password":"%s"}""".formatted(email, i, SECRET));
			tokens.add(token(email));
		}

		var deadline = Instant.now().plusSeconds(60);
		while (single("SELECT count(*) FROM ordering.products WHERE listed") < PRODUCTS
				|| single("SELECT count(*) FROM ordering.customers") < CUSTOMERS) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("The order module never learnt of the products and customers");
			}
			Thread.sleep(100);
		}

		return tokens;
	}

	private String token(String email) throws Exception {

		var body = post("/api/auth/token", null, "{\"email\":\"%s\",\"password\":\"%s\"}".formatted(email, SECRET));
		var matcher = TOKEN.matcher(body);

		if (!matcher.find()) {
			throw new IllegalStateException("No token in " + body);
		}

		return matcher.group(1);
	}

	private String post(String path, String token, String json) throws Exception {

		var request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}

		var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException("POST %s answered %d: %s".formatted(path, response.statusCode(),
					response.body()));
		}

		return response.body();
	}

	/**
	 * Closed-loop rounds until the JIT has settled (it compiled for less than a tenth of the last round, summed over
	 * its threads), or for {@code warmup} at most. On two cores under this load the JIT compiled for about a core's
	 * worth of time until some 130 s after a start, and the application's CPU per order fell from 6.0 to 2.6 ms
	 * meanwhile (JDK 17): a fixed 45-s warm-up measured the closed loop's peak on a JVM still compiling, and the
	 * overload on a warmer one. Without the JVM's performance data it runs for {@code warmup}.
	 */
	private List<BenchmarkReport.WarmUpRound> warmUp(LoadGenerator load) throws Exception {

		var rounds = new ArrayList<BenchmarkReport.WarmUpRound>();
		var deadline = Instant.now().plus(settings.warmup());

		while (true) {
			var length = settings.warmupRound();
			var compile = ProcessStats.jvmTimes(application.pid());
			var cpuBefore = cpuUse();
			var start = Instant.now();
			var accepted = load.closedLoop(settings.clients(), length).stream().filter(Sample::accepted).count();
			drain(Instant.now());
			var cpu = cpuUse().since(cpuBefore);
			var compiled = ProcessStats.jvmTimes(application.pid()).minus(compile).compile();
			var orders = Math.max(accepted, 1);
			var round = new BenchmarkReport.WarmUpRound(accepted / (length.toMillis() / 1000.0),
					cpu.app() * 1000 / orders, cpu.db() * 1000 / orders,
					compiled < 0 ? -1 : compiled / seconds(start, Instant.now()));
			log("warm-up round %d: %d clients, %.0f orders/s, application CPU %.2f ms and PostgreSQL CPU %.2f ms per "
					+ "order, JIT compiling %.0f%% of the time", rounds.size() + 1, settings.clients(),
					round.ordersPerSecond(), round.appCpuPerOrder(), round.dbCpuPerOrder(), round.compiling() * 100);
			rounds.add(round);
			var settled = round.compiling() >= 0 && round.compiling() < 0.1;
			if (settled || Instant.now().plus(length).isAfter(deadline)) {
				return rounds;
			}
		}
	}

	/** CPU seconds used so far by the application and by the embedded PostgreSQL (0 for one given by URL). */
	private record CpuUse(double app, double db) {

		CpuUse since(CpuUse earlier) {
			return new CpuUse(app - earlier.app, db - earlier.db);
		}
	}

	private CpuUse cpuUse() {
		return new CpuUse(ProcessStats.cpuSeconds(application.pid()),
				postmaster > 0 ? ProcessStats.cpuSeconds(postmaster) : 0);
	}

	/** The server URL without a database name, for connecting to any database on it. */
	private String startDatabase(Path work) throws Exception {

		String url;

		if (settings.datasourceUrl().isBlank()) {
			var directory = work.resolve("postgres");
			// durable like the application's own embedded default, not like zonky's test defaults
			embedded = StatementStats.preload(settings.statements(), EmbeddedPostgres.builder()
					.setDataDirectory(directory).setCleanDataDirectory(true).setServerConfig("fsync", "on")
					.setServerConfig("synchronous_commit", "on").setServerConfig("max_connections", "200")).start();
			postmaster = Long.parseLong(Files.readAllLines(directory.resolve("postmaster.pid")).get(0).trim());
			url = "jdbc:postgresql://localhost:%d/postgres".formatted(embedded.getPort());
		} else {
			url = settings.datasourceUrl();
		}

		db = DriverManager.getConnection(url, settings.datasourceUrl().isBlank() ? "postgres" : settings.username(),
				settings.password());

		return url.substring(0, url.lastIndexOf('/') + 1);
	}

	private void startApplication(Path work, String server) throws Exception {

		var port = freePort();
		base = URI.create("http://localhost:" + port);
		var command = new ArrayList<String>();
		command.add(settings.java());
		command.addAll(settings.jvmOptions());
		command.addAll(List.of("-jar", settings.jar().toString(), "--server.port=" + port,
				"--spring.datasource.url=" + server + "postgres",
				"--spring.datasource.username=" + (settings.datasourceUrl().isBlank() ? "postgres" : settings.username()),
				"--spring.datasource.password=" + settings.password(),
				"--spring.datasource.hikari.maximum-pool-size=" + settings.connections(),
				"--shop.user.admin.email=" + ADMIN, "--shop.user.admin.password=" + SECRET,
				// every customer registers from this one address
				"--shop.user.registration.max-per-address=" + (CUSTOMERS + 10),
				"--shop.security.jwt.key-directory=" + work.resolve("keys")));

		var log = work.resolve("application.log");
		log("starting %s", String.join(" ", command));
		application = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
				.redirectOutput(log.toFile()).start();

		var deadline = Instant.now().plus(Duration.ofMinutes(3));
		var ready = HttpRequest.newBuilder(base.resolve("/actuator/health/readiness")).build();

		while (Instant.now().isBefore(deadline)) {
			if (!application.isAlive()) {
				throw new IllegalStateException("The application exited:\n" + Files.readString(log));
			}
			try {
				if (http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
					return;
				}
			} catch (IOException notYet) {
				// still starting
			}
			Thread.sleep(250);
		}

		throw new IllegalStateException("The application did not become ready:\n" + Files.readString(log));
	}

	private void stop() throws Exception {

		if (application != null) {
			application.destroy();
			if (!application.waitFor(60, TimeUnit.SECONDS)) {
				application.destroyForcibly();
			}
		}
		if (db != null) {
			db.close();
		}
		if (embedded != null) {
			embedded.close();
		}
	}

	/** Samples backlog, memory and CPU once a second while the overload runs. */
	private final class Sampler extends Thread {

		/**
		 * @param appCpu CPU seconds the application has used so far
		 * @param dbCpu the same for PostgreSQL
		 * @param benchCpu the same for the benchmark itself (mostly its load generator), which shares the machine
		 * @param machine the whole machine's CPU so far: what the three leave to others, or idle
		 * @param appSystemCpu the part of {@code appCpu} spent in the kernel
		 * @param appSwitches context switches of the application's threads so far
		 * @param transactions transactions committed in the application's database so far
		 * @param rowsRead rows its statements have read so far, by scans and index fetches (dead versions included)
		 * @param deadRows dead row versions in {@code event_publication}, which its scans step over until a vacuum
		 * @param oldestTransaction seconds the oldest open transaction has run: no vacuum removes what it may still see
		 * @param autovacuums autovacuum workers at work
		 * @param jvm the application's JIT, garbage collection and safepoint times so far
		 * @param speed CPU microseconds the {@link SpeedProbe}'s work took this second
		 */
		record Reading(long backlog, long rss, double appCpu, double dbCpu, double benchCpu,
				ProcessStats.MachineCpu machine, double appSystemCpu, long appSwitches, long transactions,
				long rowsRead, long deadRows, double oldestTransaction, int autovacuums, ProcessStats.JvmTimes jvm,
				SpeedProbe.Speed speed) {

			static final Reading NONE = new Reading(0, 0, 0, 0, 0, new ProcessStats.MachineCpu(0, 0, 0), 0, 0, 0, 0, 0,
					0, 0, ProcessStats.JvmTimes.NONE, SpeedProbe.Speed.NONE);
		}

		final List<Reading> seconds = new ArrayList<>();
		private final SpeedProbe probe = new SpeedProbe();
		long maxRss;
		long maxBacklog;
		long maxDbPss;

		Sampler() {
			setDaemon(true);
		}

		@Override
		public void run() {

			try (var connection = DriverManager.getConnection(db.getMetaData().getURL(),
					settings.datasourceUrl().isBlank() ? "postgres" : settings.username(), settings.password());
					var statement = connection.createStatement()) {
				while (!isInterrupted()) {
					var next = System.nanoTime() + 1_000_000_000L;
					long backlog;
					long transactions;
					long rowsRead;
					long deadRows;
					double oldestTransaction;
					int autovacuums;
					try (var rows = statement.executeQuery("""
							SELECT (SELECT count(*) FROM event_publication), xact_commit, tup_returned + tup_fetched,
							  (SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'event_publication'),
							  oldest.age, oldest.what,
							  (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker')
							FROM pg_stat_database LEFT JOIN LATERAL (
							  SELECT extract(epoch FROM clock_timestamp() - xact_start) AS age,
							    backend_type || ': ' || left(query, 100) AS what
							  FROM pg_stat_activity WHERE backend_xmin IS NOT NULL AND pid <> pg_backend_pid()
							  ORDER BY xact_start LIMIT 1) oldest ON true
							WHERE datname = current_database()""")) {
						rows.next();
						backlog = rows.getLong(1);
						transactions = rows.getLong(2);
						rowsRead = rows.getLong(3);
						deadRows = rows.getLong(4);
						oldestTransaction = rows.getDouble(5);
						if (oldestTransaction > 0.2) {
							log("a transaction open for %.0f ms: %s", oldestTransaction * 1000, rows.getString(6));
						}
						autovacuums = rows.getInt(7);
					}
					var rss = ProcessStats.rssBytes(application.pid());
					var cpu = cpuUse();
					var benchCpu = ProcessStats.ownCpuSeconds(ProcessHandle.current().pid());
					var machine = ProcessStats.machineCpu();
					var appSystemCpu = ProcessStats.systemCpuSeconds(application.pid());
					var appSwitches = ProcessStats.contextSwitches(application.pid());
					var jvm = ProcessStats.jvmTimes(application.pid());
					var speed = probe.measure();
					synchronized (this) {
						seconds.add(new Reading(backlog, rss, cpu.app(), cpu.db(), benchCpu, machine, appSystemCpu,
								appSwitches, transactions, rowsRead, deadRows, oldestTransaction, autovacuums, jvm,
								speed));
						maxRss = Math.max(maxRss, rss);
						maxBacklog = Math.max(maxBacklog, backlog);
						if (postmaster > 0) {
							maxDbPss = Math.max(maxDbPss, ProcessStats.pssBytes(postmaster));
						}
					}
					Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
				}
			} catch (InterruptedException stopped) {
				// done
			} catch (SQLException e) {
				throw new IllegalStateException(e);
			}
		}
	}

	private String javaVersion() throws IOException, InterruptedException {
		var process = new ProcessBuilder(settings.java(), "-version").redirectErrorStream(true).start();
		var output = new String(process.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
		process.waitFor();
		return output;
	}

	private static double[] sorted(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
	}

	private static double seconds(Instant from, Instant to) {
		return Math.max(0.001, Duration.between(from, to).toMillis() / 1000.0);
	}

	private static String sku(int i) {
		return "BENCH-%03d".formatted(i);
	}

	private static int freePort() throws IOException {
		try (var socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static void log(String format, Object... arguments) {
		System.out.printf("[bench %s] %s%n", Instant.now(), format.formatted(arguments));
	}
}
