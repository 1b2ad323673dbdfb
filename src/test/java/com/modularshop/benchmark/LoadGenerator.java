package com.modularshop.benchmark;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Places one-line orders for random customers and SKUs, closed loop (N clients, each waiting for its answer) or open
 * loop (a fixed rate, whatever the answers). Open-loop latency counts from the moment a request was due, not from when
 * it was sent, so a slow server cannot hide its queueing (no coordinated omission).
 */
final class LoadGenerator {

	/** One request: when it was due and answered (nanoTime), its status (-1: not sent, the client was saturated). */
	record Sample(long dueNanos, long endNanos, int status, UUID orderId) {

		double latencyMillis() {
			return (endNanos - dueNanos) / 1e6;
		}

		boolean accepted() {
			return status == 202;
		}
	}

	private static final int MAX_IN_FLIGHT = 2_000;

	/**
	 * Open-loop senders, each with its own kept-alive connection: more than the application ever holds at once
	 * ({@code shop.events.dispatch.max-held}), so that a due request waits for a sender only when the server is slow.
	 */
	private static final int SENDERS = 256;

	private final URI base;
	private final List<String> tokens;
	private final List<String> skus;
	private final ThreadPoolExecutor senders = new ThreadPoolExecutor(SENDERS, SENDERS, 1, TimeUnit.MINUTES,
			new LinkedBlockingQueue<>(), daemon());
	private final ThreadLocal<PlainHttpConnection> connections;

	LoadGenerator(URI base, List<String> tokens, List<String> skus) {
		this.base = base;
		this.tokens = tokens;
		this.skus = skus;
		this.connections = ThreadLocal.withInitial(() -> new PlainHttpConnection(base));
	}

	List<Sample> closedLoop(int clients, Duration duration) throws InterruptedException {

		var samples = new ConcurrentLinkedQueue<Sample>();
		var deadline = System.nanoTime() + duration.toNanos();
		var threads = new ArrayList<Thread>();

		for (var i = 0; i < clients; i++) {
			var thread = new Thread(() -> {
				try (var connection = new PlainHttpConnection(base)) {
					while (System.nanoTime() < deadline) {
						samples.add(send(connection, System.nanoTime()));
					}
				}
			}, "bench-client-" + i);
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}

		for (var thread : threads) {
			thread.join();
		}

		return sorted(samples);
	}

	List<Sample> openLoop(double perSecond, Duration duration) throws InterruptedException {

		var samples = new ConcurrentLinkedQueue<Sample>();
		var inFlight = new AtomicInteger();
		var interval = (long) (1e9 / perSecond);
		var start = System.nanoTime();
		var count = (long) (perSecond * duration.toNanos() / 1e9);

		for (long i = 0; i < count; i++) {

			var due = start + i * interval;
			var wait = due - System.nanoTime();

			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}

			if (inFlight.get() >= MAX_IN_FLIGHT) {
				samples.add(new Sample(due, System.nanoTime(), -1, null));
				continue;
			}

			inFlight.incrementAndGet();
			senders.execute(() -> {
				try {
					samples.add(send(connections.get(), due));
				} finally {
					inFlight.decrementAndGet();
				}
			});
		}

		// answers still outstanding are waited for, with a bound
		var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (inFlight.get() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}

		return sorted(samples);
	}

	/** Places one order; the sample's latency counts from {@code dueNanos}. */
	private Sample send(PlainHttpConnection connection, long dueNanos) {

		var random = ThreadLocalRandom.current();
		var body = "{\"lines\":[{\"sku\":\"%s\",\"quantity\":1}]}".formatted(skus.get(random.nextInt(skus.size())));

		try {
			var response = connection.post("/api/orders", "Bearer " + tokens.get(random.nextInt(tokens.size())), body);
			var location = response.location();
			return new Sample(dueNanos, System.nanoTime(), response.status(),
					location == null ? null : UUID.fromString(location.substring(location.lastIndexOf('/') + 1)));
		} catch (Exception e) {
			return new Sample(dueNanos, System.nanoTime(), 0, null);
		}
	}

	private static List<Sample> sorted(ConcurrentLinkedQueue<Sample> samples) {

		var list = new ArrayList<>(samples);
		list.sort((a, b) -> Long.compare(a.dueNanos(), b.dueNanos()));

		return Collections.unmodifiableList(list);
	}

	private static java.util.concurrent.ThreadFactory daemon() {
		return runnable -> {
			var thread = new Thread(runnable, "bench-sender");
			thread.setDaemon(true);
			return thread;
		};
	}
}
