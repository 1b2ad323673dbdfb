package com.modularshop.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * How fast the machine runs a fixed piece of work right now, in this thread's CPU time: a walk through 16 MiB in
 * random order (memory and caches) and some arithmetic. On a shared virtual machine the same work takes more CPU time
 * while neighbours compete for the host's cores and caches, which no {@code /proc} figure shows: the guest counts such
 * time as its own. Work per order measured in a slow spell then looks more expensive, in the application and in
 * PostgreSQL alike.
 */
final class SpeedProbe {

	private static final int SLOTS = 1 << 22;
	private static final int STEPS = 25_000;

	private final int[] next = new int[SLOTS];
	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
	private int at;
	private long sink;

	SpeedProbe() {

		// one random cycle through all slots (Sattolo), so that the walk never settles into a short loop
		for (var i = 0; i < SLOTS; i++) {
			next[i] = i;
		}
		var random = new SplittableRandom(42);
		for (var i = SLOTS - 1; i > 0; i--) {
			var j = random.nextInt(i);
			var swap = next[i];
			next[i] = next[j];
			next[j] = swap;
		}
		for (var i = 0; i < 20; i++) {
			measure();
		}
	}

	/** CPU microseconds two fixed pieces of work took this time: a walk through memory, and arithmetic alone. */
	Speed measure() {

		var start = threads.getCurrentThreadCpuTime();
		var position = at;
		var sum = sink;
		for (var i = 0; i < STEPS; i++) {
			position = next[position];
			sum = sum * 31 + (position ^ (sum >>> 7));
		}
		var walked = threads.getCurrentThreadCpuTime();
		for (var i = 0; i < STEPS * 40; i++) {
			sum = Long.rotateLeft(sum * 0x5851F42D4C957F2DL + 0x14057B7EF767814FL, 17);
		}
		var computed = threads.getCurrentThreadCpuTime();
		at = position;
		sink = sum;

		return new Speed((walked - start) / 1000.0, (computed - walked) / 1000.0);
	}

	record Speed(double memory, double compute) {

		static final Speed NONE = new Speed(0, 0);
	}
}
