package com.modularshop.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
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

	private final URI orders;
	private final List<String> tokens;
	private final List<String> skus;
	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4, daemon())).build();

	LoadGenerator(URI base, List<String> tokens, List<String> skus) {
		this.orders = base.resolve("/api/orders");
		this.tokens = tokens;
		this.skus = skus;
	}

	List<Sample> closedLoop(int clients, Duration duration) throws InterruptedException {

		var samples = new ConcurrentLinkedQueue<Sample>();
		var deadline = System.nanoTime() + duration.toNanos();
		var threads = new ArrayList<Thread>();

		for (var i = 0; i < clients; i++) {
			var thread = new Thread(() -> {
				while (System.nanoTime() < deadline) {
					var start = System.nanoTime();
					try {
						var response = http.send(request(), HttpResponse.BodyHandlers.discarding());
						samples.add(new Sample(start, System.nanoTime(), response.statusCode(), orderId(response)));
					} catch (Exception e) {
						samples.add(new Sample(start, System.nanoTime(), 0, null));
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
		var count = (long) (perSecond * duration.toSeconds());

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
			http.sendAsync(request(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
				inFlight.decrementAndGet();
				samples.add(failure != null ? new Sample(due, System.nanoTime(), 0, null)
						: new Sample(due, System.nanoTime(), response.statusCode(), orderId(response)));
			});
		}

		// answers still outstanding are waited for, with a bound
		var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (inFlight.get() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}

		return sorted(samples);
	}

	private HttpRequest request() {

		var random = ThreadLocalRandom.current();
		var body = "{\"lines\":[{\"sku\":\"%s\",\"quantity\":1}]}".formatted(skus.get(random.nextInt(skus.size())));

		return HttpRequest.newBuilder(orders).timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + tokens.get(random.nextInt(tokens.size())))
				.POST(HttpRequest.BodyPublishers.ofString(body)).build();
	}

	private static UUID orderId(HttpResponse<?> response) {
		return response.headers().firstValue("Location")
				.map(it -> UUID.fromString(it.substring(it.lastIndexOf('/') + 1))).orElse(null);
	}

	private static List<Sample> sorted(ConcurrentLinkedQueue<Sample> samples) {

		var list = new ArrayList<>(samples);
		list.sort((a, b) -> Long.compare(a.dueNanos(), b.dueNanos()));

		return Collections.unmodifiableList(list);
	}

	private static java.util.concurrent.ThreadFactory daemon() {
		return runnable -> {
			var thread = new Thread(runnable, "bench-http");
			thread.setDaemon(true);
			return thread;
		};
	}
}
