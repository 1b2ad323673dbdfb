package com.modularshop.benchmark;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a process tree costs, read from Linux's {@code /proc}: CPU time, resident and proportional memory. PSS, not RSS,
 * for PostgreSQL, whose backends share their buffers: summing their RSS would count shared memory many times.
 */
final class ProcessStats {

	/** USER_HZ; 100 on every Linux this runs on. */
	private static final double TICKS_PER_SECOND = 100.0;
	private static final Pattern HEAP_USED = Pattern.compile("^\\s*(garbage-first heap|def new generation|tenured "
			+ "generation|DefNew|Tenured|PSYoungGen|ParOldGen|ZHeap|Shenandoah).*used (\\d+)K", Pattern.MULTILINE);

	private ProcessStats() {}

	/** CPU seconds (user + system) of the process and all its descendants, alive or reaped. */
	static double cpuSeconds(long pid) {
		return tree(pid).mapToDouble(it -> cpuOf(it, true)).sum();
	}

	/** CPU seconds of the process alone: the benchmark's own, without the application it started. */
	static double ownCpuSeconds(long pid) {
		return cpuOf(pid, false);
	}

	static long rssBytes(long pid) {
		return number(Path.of("/proc", String.valueOf(pid), "status"), "VmRSS:") * 1024;
	}

	static long pssBytes(long pid) {
		return tree(pid).mapToLong(it -> number(Path.of("/proc", String.valueOf(it), "smaps_rollup"), "Pss:")).sum()
				* 1024;
	}

	/**
	 * Heap in use right after a full collection that {@code jcmd} requests: what the application really keeps.
	 */
	static long heapAfterGcBytes(String jcmd, long pid) {

		try {
			run(jcmd, String.valueOf(pid), "GC.run");
			var matcher = HEAP_USED.matcher(run(jcmd, String.valueOf(pid), "GC.heap_info"));
			var used = 0L;
			while (matcher.find()) {
				used += Long.parseLong(matcher.group(2)) * 1024;
			}
			return used;
		} catch (IOException | InterruptedException e) {
			return -1;
		}
	}

	/**
	 * Seconds a HotSpot JVM has spent JIT compiling (summed over its compiler threads), collecting garbage and in
	 * safepoints, read from the performance data file it shares ({@code hsperfdata}, what {@code jstat} reads) without
	 * starting a process; {@link JvmTimes#NONE} without it ({@code -XX:-UsePerfData}).
	 */
	static JvmTimes jvmTimes(long pid) {

		var file = Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"),
				String.valueOf(pid));
		try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
			var data = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
			// prologue: magic, byte order, versions, accessible, used, overflow, time stamp, entry offset, count
			data.order(data.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
			var ticks = new HashMap<String, Long>();
			var entry = data.getInt(24);
			for (var i = data.getInt(28); i > 0 && ticks.size() < JvmTimes.COUNTERS.size(); i--) {
				// entry: length, name offset, vector length, type, flags, units, variability, data offset
				var name = new StringBuilder();
				for (var at = entry + data.getInt(entry + 4); data.get(at) != 0; at++) {
					name.append((char) data.get(at));
				}
				if (JvmTimes.COUNTERS.contains(name.toString()) && data.getInt(entry + 8) == 0
						&& data.get(entry + 12) == 'J') {
					ticks.put(name.toString(), data.getLong(entry + data.getInt(entry + 16)));
				}
				entry += data.getInt(entry);
			}
			double frequency = ticks.getOrDefault("sun.os.hrt.frequency", 0L);
			if (frequency <= 0 || !ticks.containsKey("java.ci.totalTime")) {
				return JvmTimes.NONE;
			}
			var gc = ticks.getOrDefault("sun.gc.collector.0.time", 0L) + ticks.getOrDefault("sun.gc.collector.1.time", 0L);
			return new JvmTimes(ticks.get("java.ci.totalTime") / frequency, gc / frequency,
					ticks.getOrDefault("sun.rt.safepointTime", 0L) / frequency);
		} catch (IOException | RuntimeException unavailable) {
			return JvmTimes.NONE;
		}
	}

	/** Seconds of a JVM's own work: JIT compiling, garbage collection (young and full), safepoints; -1 if unknown. */
	record JvmTimes(double compile, double gc, double safepoint) {

		static final JvmTimes NONE = new JvmTimes(-1, -1, -1);
		private static final Set<String> COUNTERS = Set.of("java.ci.totalTime", "sun.gc.collector.0.time",
				"sun.gc.collector.1.time", "sun.rt.safepointTime", "sun.os.hrt.frequency");

		JvmTimes minus(JvmTimes earlier) {
			return compile < 0 || earlier.compile < 0 ? NONE
					: new JvmTimes(compile - earlier.compile, gc - earlier.gc, safepoint - earlier.safepoint);
		}
	}

	/** CPU seconds the process has spent in the kernel (system time), alone. */
	static double systemCpuSeconds(long pid) {
		return statTicks(pid, 12, 12) / TICKS_PER_SECOND;
	}

	/** Context switches of all the process's threads so far, voluntary (blocking) and not (preempted). */
	static long contextSwitches(long pid) {

		try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
			return tasks.map(it -> it.resolve("status"))
					.mapToLong(it -> number(it, "voluntary_ctxt_switches:") + number(it, "nonvoluntary_ctxt_switches:"))
					.sum();
		} catch (IOException | RuntimeException gone) {
			return 0;
		}
	}

	private static String run(String... command) throws IOException, InterruptedException {

		var process = new ProcessBuilder(command).redirectErrorStream(true).start();
		var output = new String(process.getInputStream().readAllBytes());
		process.waitFor(30, TimeUnit.SECONDS);

		return output;
	}

	private static Stream<Long> tree(long pid) {
		return ProcessHandle.of(pid).map(it -> Stream.concat(Stream.of(it), it.descendants()).map(ProcessHandle::pid))
				.orElseGet(Stream::empty);
	}

	private static double cpuOf(long pid, boolean reapedChildren) {
		// with the children it has reaped (PostgreSQL's exited backends and autovacuum workers), so that a tree's total
		// never drops when one of them exits
		return statTicks(pid, 11, reapedChildren ? 14 : 12) / TICKS_PER_SECOND;
	}

	/** The sum of the fields of {@code /proc/<pid>/stat} from {@code first} to {@code last}, counted after the name. */
	private static long statTicks(long pid, int first, int last) {

		try {
			var stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
			// the command name may contain spaces: fields are counted after its closing parenthesis
			var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			var ticks = 0L;
			for (var i = first; i <= last; i++) {
				ticks += Long.parseLong(fields[i]);
			}
			return ticks;
		} catch (IOException | RuntimeException gone) {
			return 0;
		}
	}

	/**
	 * The whole machine's CPU seconds so far, from {@code /proc/stat}: busy (any process, the kernel's interrupt work
	 * and time stolen by a hypervisor), idle, and idle while waiting for I/O.
	 */
	record MachineCpu(double busy, double idle, double ioWait) {

		MachineCpu minus(MachineCpu earlier) {
			return new MachineCpu(busy - earlier.busy, idle - earlier.idle, ioWait - earlier.ioWait);
		}
	}

	static MachineCpu machineCpu() {

		try (var lines = Files.lines(Path.of("/proc/stat"))) {
			// cpu  user nice system idle iowait irq softirq steal ...
			var fields = lines.findFirst().orElseThrow().trim().split("\\s+");
			var busy = 0L;
			for (var i : new int[] { 1, 2, 3, 6, 7, 8 }) {
				busy += Long.parseLong(fields[i]);
			}
			var ioWait = Long.parseLong(fields[5]);
			return new MachineCpu(busy / TICKS_PER_SECOND, (Long.parseLong(fields[4]) + ioWait) / TICKS_PER_SECOND,
					ioWait / TICKS_PER_SECOND);
		} catch (IOException | RuntimeException unavailable) {
			return new MachineCpu(0, 0, 0);
		}
	}

	/** The first number on the line of a {@code /proc} file that starts with {@code name}, 0 without one. */
	private static long number(Path file, String name) {

		try {
			List<String> lines = Files.readAllLines(file);
			return lines.stream().filter(it -> it.startsWith(name)).findFirst()
					.map(it -> Long.parseLong(it.substring(name.length()).trim().split("\\s+")[0])).orElse(0L);
		} catch (IOException | RuntimeException gone) {
			return 0;
		}
	}
}
