package com.modularshop.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What one benchmark run measured, as Markdown for {@code docs/performance.md} and as an SVG with two plots: latency
 * against offered load, and throughput and backlog second by second during the overload.
 */
final class BenchmarkReport {

	record Latencies(double[] sorted) {

		double percentile(double p) {
			return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1,
					Math.ceil(p / 100 * sorted.length) - 1 < 0 ? 0 : Math.ceil(p / 100 * sorted.length) - 1)];
		}

		int count() {
			return sorted.length;
		}
	}

	record Phase(String name, double offeredPerSecond, long requests, long accepted, long refused,
			double ingestPerSecond, Latencies place, Latencies confirmed, Latencies notified) {}

	record Drain(long pendingOrders, Duration took) {}

	/**
	 * One closed-loop round of the warm-up: its rate, the CPU per order it cost (its drain included), and the share of
	 * its time the JIT spent compiling (summed over the compiler threads; -1 if unknown).
	 */
	record WarmUpRound(double ordersPerSecond, double appCpuPerOrder, double dbCpuPerOrder, double compiling) {}

	/**
	 * One second of the overload. {@code otherCpu} is what the rest of the machine used (other processes, interrupt
	 * work, a hypervisor's steal); {@code idle} and {@code ioWait} are the machine's idle time, and the part of it spent
	 * waiting for I/O (all in CPU seconds); {@code appSystemCpu} is the part of {@code appCpu} spent in the kernel and
	 * {@code appSwitches} the context switches of the application's threads; {@code transactions} and
	 * {@code rowsRead} are the database's, as PostgreSQL's statistics count them (its backends report them at most once
	 * a second); {@code deadRows} and {@code oldestTransaction} are the dead row versions in {@code event_publication}
	 * and the age of the oldest open transaction, which keeps vacuums from removing them, and {@code autovacuums} the
	 * autovacuum workers at work; {@code jvm} is the application's JIT compile time (summed over its compiler threads),
	 * garbage collection and safepoint time; {@code speed} the CPU microseconds the {@link SpeedProbe}'s work took at
	 * its start.
	 */
	record Second(int second, long offered, long accepted, long confirmed, long backlog, long rss, double appCpu,
			double dbCpu, double benchCpu, double otherCpu, double idle, double ioWait, double appSystemCpu,
			long appSwitches, long transactions, long rowsRead, long deadRows, double oldestTransaction,
			int autovacuums, ProcessStats.JvmTimes jvm, SpeedProbe.Speed speed) {}

	private static final double MIB = 1024 * 1024;

	private final Benchmark.Settings settings;
	private final String jvm;
	private final String javaVersion;
	private List<WarmUpRound> warmUp = List.of();
	private long idleRss;
	private long idleHeap;
	private long halfLoadRss;
	private Phase saturation;
	private double sustained;
	private double cpuPerOrder;
	private double dbCpuPerOrder;
	private Drain saturationDrain;
	private double peak;
	private final List<Phase> openLoop = new ArrayList<>();
	private Phase overload;
	private List<Second> seconds = List.of();
	private double overloadSustained;
	private Drain overloadDrain;
	private long backlogAtStop;
	private long heapBefore;
	private long heapAfter;
	private long maxRss;
	private long maxBacklog;
	private long maxDbPss;
	private long lost;
	private double limit;
	private final Map<String, List<StatementStats.Statement>> statements = new LinkedHashMap<>();

	BenchmarkReport(Benchmark.Settings settings, String jvm, String javaVersion) {
		this.settings = settings;
		this.jvm = jvm;
		this.javaVersion = javaVersion;
	}

	void warmUp(List<WarmUpRound> rounds) {
		this.warmUp = List.copyOf(rounds);
	}

	void idleRss(long rss, long heap) {
		this.idleRss = rss;
		this.idleHeap = heap;
	}

	void halfLoadRss(long rss) {
		this.halfLoadRss = rss;
	}

	void saturation(Phase phase, double sustained, double cpuPerOrder, double dbCpuPerOrder, Drain drain) {
		this.saturation = phase;
		this.sustained = sustained;
		this.cpuPerOrder = cpuPerOrder;
		this.dbCpuPerOrder = dbCpuPerOrder;
		this.saturationDrain = drain;
	}

	void peak(double peak) {
		this.peak = peak;
	}

	void openLoop(Phase phase) {
		openLoop.add(phase);
	}

	void overload(Phase phase, List<Second> seconds, double sustained, Drain drain, long backlogAtStop,
			long heapBefore, long heapAfter, long maxRss, long maxBacklog, long maxDbPss, long lost) {
		this.overload = phase;
		this.seconds = seconds;
		this.overloadSustained = sustained;
		this.overloadDrain = drain;
		this.backlogAtStop = backlogAtStop;
		this.heapBefore = heapBefore;
		this.heapAfter = heapAfter;
		this.maxRss = maxRss;
		this.maxBacklog = maxBacklog;
		this.maxDbPss = maxDbPss;
		this.lost = lost;
	}

	void statements(String phase, List<StatementStats.Statement> statements) {
		this.statements.put(phase, List.copyOf(statements));
	}

	void limit(double ordersPerSecond) {
		this.limit = ordersPerSecond;
	}

	double sustainedPerSecond() {
		return sustained;
	}

	double limitPerSecond() {
		return limit;
	}

	long lost() {
		return lost;
	}

	String markdown() {

		var out = new StringBuilder();
		out.append(f("### %s%n%n", javaVersion));
		out.append(f("%s, %d cores; jar `%s`, JVM options `%s`; %d closed-loop clients, pool of %d connections.%n%n",
				jvm, Runtime.getRuntime().availableProcessors(), settings.jar().getFileName(),
				String.join(" ", settings.jvmOptions()), settings.clients(), settings.connections()));
		out.append("| figure | value |\n| --- | --- |\n");
		row(out, "sustained end-to-end throughput (placed → confirmed → notified), closed loop", "%.0f orders/s",
				sustained);
		row(out, "ingest rate, closed loop", "%.0f orders/s", saturation.ingestPerSecond());
		row(out, "SQL limit (same statements, plain JDBC, same PostgreSQL and connections)", "%.0f orders/s", limit);
		row(out, "end-to-end throughput as a share of the SQL limit", "%.0f%%", 100 * sustained / limit);
		row(out, "application CPU per order", "%.1f ms", cpuPerOrder);
		row(out, "PostgreSQL CPU per order", "%.1f ms", dbCpuPerOrder);
		row(out, "drain after the closed loop", "%d orders in %.1f s", saturationDrain.pendingOrders(),
				saturationDrain.took().toMillis() / 1000.0);
		row(out, "warm-up, closed-loop rounds of %s: orders/s, application CPU per order, JIT compiling".formatted(
				settings.warmupRound().toString().substring(2).toLowerCase(Locale.ROOT)), "%s",
				String.join("; ", warmUp.stream().map(it -> f("%.0f/s, %.1f ms, %s", it.ordersPerSecond(),
						it.appCpuPerOrder(), it.compiling() < 0 ? "unknown" : f("%.0f%%", it.compiling() * 100)))
						.toList()));
		row(out, "Java RSS idle after warm-up / heap after GC", "%.0f MiB / %.0f MiB", idleRss / MIB, idleHeap / MIB);
		row(out, "Java RSS, highest in the open loop at 50% of peak", "%.0f MiB", halfLoadRss / MIB);
		out.append("\n| phase | offered/s | accepted/s | refused | place p50 / p90 / p99 ms | placed → confirmed p50 / "
				+ "p99 ms | placed → notified p50 / p99 ms |\n| --- | --- | --- | --- | --- | --- | --- |\n");
		var phases = new ArrayList<Phase>();
		phases.add(saturation);
		phases.addAll(openLoop);
		phases.add(overload);
		for (var phase : phases) {
			out.append(f("| %s | %s | %.0f | %d | %.0f / %.0f / %.0f | %.0f / %.0f | %.0f / %.0f |%n", phase.name(),
					phase.offeredPerSecond() == 0 ? "closed" : f("%.0f", phase.offeredPerSecond()),
					phase.ingestPerSecond(), phase.refused(), phase.place().percentile(50),
					phase.place().percentile(90), phase.place().percentile(99), phase.confirmed().percentile(50),
					phase.confirmed().percentile(99), phase.notified().percentile(50),
					phase.notified().percentile(99)));
		}
		out.append("\nOverload (2× peak):\n\n| figure | value |\n| --- | --- |\n");
		row(out, "confirmed per 5-second window, lowest / highest", "%.0f / %.0f orders/s", window(Math::min),
				window(Math::max));
		row(out, "lowest 5-second window as a share of peak", "%.0f%%", 100 * window(Math::min) / peak);
		row(out, "sustained end-to-end throughput after the first sixth / as a share of the SQL limit",
				"%.0f orders/s / %.0f%%", overloadSustained, 100 * overloadSustained / limit);
		var confirmed = Math.max(1, seconds.stream().mapToLong(Second::confirmed).sum());
		var appCpu = seconds.stream().mapToDouble(Second::appCpu).sum();
		var dbCpu = seconds.stream().mapToDouble(Second::dbCpu).sum();
		var benchCpu = seconds.stream().mapToDouble(Second::benchCpu).sum();
		var elapsed = Math.max(1, seconds.size());
		row(out, "application / PostgreSQL CPU per confirmed order", "%.1f ms / %.1f ms", appCpu * 1000 / confirmed,
				dbCpu * 1000 / confirmed);
		row(out, "cores used by the application / PostgreSQL / the benchmark itself / the rest of the machine, "
				+ "and idle (waiting for I/O), average", "%.2f / %.2f / %.2f / %.2f, %.2f (%.2f)", appCpu / elapsed,
				dbCpu / elapsed, benchCpu / elapsed, seconds.stream().mapToDouble(Second::otherCpu).sum() / elapsed,
				seconds.stream().mapToDouble(Second::idle).sum() / elapsed,
				seconds.stream().mapToDouble(Second::ioWait).sum() / elapsed);
		row(out, "peak registry backlog (incomplete publications)", "%d", maxBacklog);
		row(out, "drain after the overload", "%d orders, %d publications in %.1f s (%.0f orders/s)",
				overloadDrain.pendingOrders(), backlogAtStop, overloadDrain.took().toMillis() / 1000.0,
				overloadDrain.pendingOrders() / Math.max(0.001, overloadDrain.took().toMillis() / 1000.0));
		row(out, "heap after GC before / after the overload", "%.0f MiB / %.0f MiB", heapBefore / MIB,
				heapAfter / MIB);
		row(out, "Java RSS, highest", "%.0f MiB", maxRss / MIB);
		row(out, "PostgreSQL PSS, highest", "%.0f MiB", maxDbPss / MIB);
		row(out, "accepted orders not confirmed after the drain", "%d", lost);

		for (var phase : statements.entrySet()) {
			out.append(f("%nPostgreSQL's statements in the %s, by time per accepted order (`pg_stat_statements`):%n%n",
					phase.getKey()));
			out.append("| statement | µs per order | executions / plannings per order | µs per execution / planning |\n"
					+ "| --- | --- | --- | --- |\n");
			for (var statement : phase.getValue()) {
				var query = statement.query().replace("|", "\\|");
				out.append(f("| `%s` | %.0f | %.2f / %.2f | %.0f / %.0f |%n",
						query.length() > 110 ? query.substring(0, 110) + "…" : query, statement.microsPerOrder(),
						statement.callsPerOrder(), statement.plansPerOrder(), statement.executeMicros(),
						statement.planMicros()));
			}
		}

		return out.toString();
	}

	/** The confirmed rate over 5-second windows of the overload, combined with min or max. */
	private double window(java.util.function.DoubleBinaryOperator combine) {

		var whole = (int) (settings.overload().toSeconds() / 5);
		if (whole == 0) {
			return seconds.stream().mapToLong(Second::confirmed).sum() / Math.max(1.0, seconds.size());
		}
		var result = Double.NaN;
		for (var w = 0; w < whole; w++) {
			var sum = 0L;
			for (var s = w * 5; s < w * 5 + 5 && s < seconds.size(); s++) {
				sum += seconds.get(s).confirmed();
			}
			result = Double.isNaN(result) ? sum / 5.0 : combine.applyAsDouble(result, sum / 5.0);
		}
		return result;
	}

	void write(Path directory) throws IOException {

		var name = javaVersion.replaceAll("[^A-Za-z0-9.]+", "-");
		Files.writeString(directory.resolve("report-" + name + ".md"), markdown());
		Files.writeString(directory.resolve("report-" + name + ".svg"), svg());
		Files.writeString(directory.resolve("overload-" + name + ".csv"), overloadCsv());
	}

	/** The overload second by second, for a closer look than the 5-second windows and the plot give. */
	String overloadCsv() {

		var out = new StringBuilder(
				"second,offered,accepted,confirmed,backlog,rss_mib,app_cpu_ms,db_cpu_ms,bench_cpu_ms,other_cpu_ms,idle_ms,"
						+ "iowait_ms,app_system_ms,app_switches,db_transactions,db_rows_read,dead_rows,"
						+ "oldest_transaction_ms,autovacuums,jit_ms,gc_ms,safepoint_ms,probe_memory_us,probe_compute_us\n");
		for (var s : seconds) {
			out.append(f("%d,%d,%d,%d,%d,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%d,%d,%d,%d,%.0f,%d,%.0f,%.0f,%.0f,"
					+ "%.0f,%.0f\n", s.second(), s.offered(), s.accepted(), s.confirmed(), s.backlog(),
					s.rss() / MIB, s.appCpu() * 1000, s.dbCpu() * 1000, s.benchCpu() * 1000, s.otherCpu() * 1000,
					s.idle() * 1000, s.ioWait() * 1000, s.appSystemCpu() * 1000, s.appSwitches(), s.transactions(),
					s.rowsRead(), s.deadRows(), s.oldestTransaction() * 1000, s.autovacuums(), s.jvm().compile() * 1000,
					s.jvm().gc() * 1000, s.jvm().safepoint() * 1000, s.speed().memory(), s.speed().compute()));
		}
		return out.toString();
	}

	/** Two plots side by side; plain SVG, no library. */
	String svg() {

		var out = new StringBuilder();
		out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\" height=\"360\" font-family=\"sans-serif\""
				+ " font-size=\"11\">\n<rect width=\"1000\" height=\"360\" fill=\"white\"/>\n");

		// left: latency against offered load (open loop)
		var loads = openLoop.stream().mapToDouble(Phase::offeredPerSecond).toArray();
		var maxLatency = openLoop.stream().mapToDouble(it -> Math.max(it.place().percentile(99),
				it.notified().percentile(99))).filter(it -> !Double.isNaN(it)).max().orElse(1);
		plot(out, 60, 40, 380, 260, "latency (ms, log) against offered load (orders/s)",
				loads.length == 0 ? 1 : loads[loads.length - 1], maxLatency, true,
				List.of(series(openLoop, loads, it -> it.place().percentile(50), "place p50", "#1f77b4"),
						series(openLoop, loads, it -> it.place().percentile(99), "place p99", "#aec7e8"),
						series(openLoop, loads, it -> it.notified().percentile(50), "placed→notified p50", "#d62728"),
						series(openLoop, loads, it -> it.notified().percentile(99), "placed→notified p99",
								"#ff9896")));

		// right: the overload, second by second
		var xs = seconds.stream().mapToDouble(Second::second).toArray();
		var maxRate = seconds.stream().mapToDouble(it -> Math.max(it.offered(), Math.max(it.confirmed(),
				it.accepted()))).max().orElse(1);
		plot(out, 560, 40, 380, 260, "overload: orders/s by second (backlog scaled to the same axis)",
				xs.length == 0 ? 1 : xs[xs.length - 1], maxRate, false,
				List.of(series(seconds, xs, Second::offered, "offered", "#7f7f7f"),
						series(seconds, xs, Second::accepted, "accepted", "#1f77b4"),
						series(seconds, xs, Second::confirmed, "confirmed", "#2ca02c"),
						series(seconds, xs, it -> Math.min(maxRate, it.backlog()), "registry backlog (capped)",
								"#ff7f0e")));

		return out.append("</svg>\n").toString();
	}

	private record Series(double[] x, double[] y, String label, String colour) {}

	private static <T> Series series(List<T> items, double[] x, ToDoubleFunction<T> y, String label, String colour) {
		return new Series(x, items.stream().mapToDouble(y).toArray(), label, colour);
	}

	private static void plot(StringBuilder out, int left, int top, int width, int height, String title, double maxX,
			double maxY, boolean logY, List<Series> series) {

		out.append(f("<text x=\"%d\" y=\"%d\" font-size=\"13\">%s</text>%n", left, top - 15, title));
		out.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n", left, top,
				width, height));
		var lowY = logY ? 1.0 : 0.0;
		var highY = Math.max(maxY * 1.1, lowY + 1);

		for (var tick = 0; tick <= 4; tick++) {
			var value = logY ? Math.pow(10, Math.log10(lowY) + tick * (Math.log10(highY) - Math.log10(lowY)) / 4)
					: tick * highY / 4;
			var y = top + height - tick * height / 4.0;
			out.append(f("<text x=\"%d\" y=\"%.0f\" text-anchor=\"end\">%.0f</text>%n", left - 4, y + 4, value));
			out.append(f("<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>%n",
					left + tick * width / 4.0, top + height + 14, tick * maxX / 4));
		}

		var legend = 0;
		for (var s : series) {
			var points = new StringBuilder();
			for (var i = 0; i < s.x().length; i++) {
				var yValue = s.y()[i];
				if (Double.isNaN(yValue)) {
					continue;
				}
				var fraction = logY ? (Math.log10(Math.max(lowY, yValue)) - Math.log10(lowY))
						/ (Math.log10(highY) - Math.log10(lowY)) : yValue / highY;
				points.append(f("%.1f,%.1f ", left + s.x()[i] / Math.max(maxX, 1e-9) * width,
						top + height - fraction * height));
			}
			out.append(f("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", s.colour(),
					points.toString().trim()));
			out.append(f("<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", left + 8, top + 14 + 13 * legend++,
					s.colour(), s.label()));
		}
	}

	private static void row(StringBuilder out, String figure, String format, Object... values) {
		out.append("| ").append(figure).append(" | ").append(f(format, values)).append(" |\n");
	}

	private static String f(String format, Object... values) {
		return String.format(Locale.ROOT, format, values);
	}
}
