package com.modularshop.benchmark;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
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
		return field(Path.of("/proc", String.valueOf(pid), "status"), "VmRSS:");
	}

	static long pssBytes(long pid) {
		return tree(pid).mapToLong(it -> field(Path.of("/proc", String.valueOf(it), "smaps_rollup"), "Pss:")).sum();
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
	 * Seconds the JIT compilers of a HotSpot JVM have spent compiling, summed over their threads
	 * ({@code java.ci.totalTime}), read from the performance data file it shares ({@code hsperfdata}, what
	 * {@code jstat} reads) without starting a process; -1 without it ({@code -XX:-UsePerfData}).
	 */
	static double compileSeconds(long pid) {

		var file = Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"),
				String.valueOf(pid));
		try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
			var data = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
			// prologue: magic, byte order, versions, accessible, used, overflow, time stamp, entry offset, count
			data.order(data.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
			var entry = data.getInt(24);
			var time = -1L;
			var frequency = -1L;
			for (var i = data.getInt(28); i > 0 && (time < 0 || frequency < 0); i--) {
				// entry: length, name offset, vector length, type, flags, units, variability, data offset
				var name = new StringBuilder();
				for (var at = entry + data.getInt(entry + 4); data.get(at) != 0; at++) {
					name.append((char) data.get(at));
				}
				var value = data.getInt(entry + 8) == 0 && data.get(entry + 12) == 'J'
						? data.getLong(entry + data.getInt(entry + 16)) : -1;
				if (name.toString().equals("java.ci.totalTime")) {
					time = value;
				} else if (name.toString().equals("sun.os.hrt.frequency")) {
					frequency = value;
				}
				entry += data.getInt(entry);
			}
			return time < 0 || frequency <= 0 ? -1 : time / (double) frequency;
		} catch (IOException | RuntimeException unavailable) {
			return -1;
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

		try {
			var stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
			// the command name may contain spaces: fields are counted after its closing parenthesis
			var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// with the children it has reaped (PostgreSQL's exited backends and autovacuum workers), so that a tree's
			// total never drops when one of them exits
			var ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			if (reapedChildren) {
				ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
			}
			return ticks / TICKS_PER_SECOND;
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

	private static long field(Path file, String name) {

		try {
			List<String> lines = Files.readAllLines(file);
			return lines.stream().filter(it -> it.startsWith(name)).findFirst()
					.map(it -> Long.parseLong(it.substring(name.length()).trim().split("\\s+")[0]) * 1024).orElse(0L);
		} catch (IOException | RuntimeException gone) {
			return 0;
		}
	}
}
