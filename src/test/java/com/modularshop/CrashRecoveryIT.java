package com.modularshop;

import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.jayway.jsonpath.JsonPath;
import com.modularshop.testsupport.ApplicationProcess;

/**
 * The promise of the event publication registry, tested the hard way: the real application places orders under load
 * and is killed with SIGKILL while messages are in flight, then started again on the same data. Afterwards every
 * order the API accepted has reached a final state, stock adds up, every confirmation produced exactly one
 * notification, and no publication is left incomplete.
 */
class CrashRecoveryIT {

	static final String SKU = "CRASH-1";
	static final int INITIAL_STOCK = 25;
	static final int ACCEPTED_BEFORE_KILL = 20;

	@TempDir Path workingDirectory;
	ApplicationProcess application;

	/** Accepted order id -> (customer token, quantity). */
	final Map<String, Placed> accepted = new ConcurrentHashMap<>();

	record Placed(String token, int quantity) {}

	@AfterEach
	void stopApplication() throws Exception {
		if (application != null && application.isAlive()) {
			application.stop();
		}
	}

	@Test
	void recoversEveryAcceptedOrderAfterAKillDuringLoad() throws Exception {

		application = new ApplicationProcess(workingDirectory,
				"--shop.embedded-database.port=" + ApplicationProcess.freePort(),
				"--shop.user.admin.email=admin@shop.test", "--shop.user.admin.password=administrator-secret",
				"--shop.events.retry.interval=1s", "--shop.events.retry.stale-after=3s",
				"--shop.events.retry.initial-backoff=1s", "--shop.events.retry.max-backoff=5s").start();

		var admin = token("admin@shop.test", "administrator-secret");
		application.call("POST", "/api/products", admin, """
				{"sku": "%s", "name": "Crash test dummy", "description": "survives anything", "category": "test",
				 "price": {"amount": 10.00, "currency": "EUR"}, "stock": %d}""".formatted(SKU, INITIAL_STOCK));

		var customers = java.util.stream.IntStream.range(0, 4).mapToObj(i -> {
			var email = "crash-" + i + "-" + UUID.randomUUID() + "@shop.test";
			call("POST", "/api/users", null, """
					{"email": "%s", "name": "Customer %d", "password": "long enough password"}""".formatted(email, i));
			return token(email, "long enough password");
		}).toList();

		placeOrdersAndKillMidway(customers);

		application.start();
		var placedAtRestart = accepted.keySet().stream().filter(id -> status(id).equals("PLACED")).count();

		// every order the API accepted reaches a final state, and so does any order the kill stored but did not answer
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			assertThat(accepted.keySet()).allSatisfy(id -> assertThat(status(id)).isIn("CONFIRMED", "REJECTED"));
			assertThat(customers).allSatisfy(customer -> assertThat(ordersOf(customer, "PLACED")).isZero());
		});

		var confirmed = accepted.keySet().stream().filter(id -> status(id).equals("CONFIRMED")).toList();
		// units of every confirmed order, including one the kill stored after the client last heard of it
		var confirmedUnits = customers.stream().mapToInt(customer -> confirmedUnitsOf(customer)).sum();
		System.out.printf("Crash recovery: %d orders accepted before the kill (%d still PLACED at restart), %d confirmed "
				+ "(%d units of %d), %d rejected%n", accepted.size(), placedAtRestart, confirmed.size(), confirmedUnits,
				INITIAL_STOCK, accepted.size() - confirmed.size());

		// stock adds up: nothing reserved twice, nothing lost
		var product = call("GET", "/api/products/" + SKU, null, null);
		assertThat((Integer) JsonPath.read(product, "$.available")).isEqualTo(INITIAL_STOCK - confirmedUnits);
		assertThat(confirmed).isNotEmpty();

		// every confirmation produced exactly one notification
		await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
			for (var id : confirmed) {
				var inbox = call("GET", "/api/notifications?size=100", accepted.get(id).token(), null);
				List<String> subjects = JsonPath.read(inbox, "$.content[?(@.type == 'ORDER_CONFIRMED')].subject");
				assertThat(subjects.stream().filter(it -> it.contains(id))).hasSize(1);
			}
		});

		// and nothing is left behind in the registry, not even as a dead letter
		await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
			assertThat((Integer) JsonPath.read(call("GET", "/api/admin/event-publications", admin, null),
					"$.page.totalElements")).isZero();
		});
		assertThat((Integer) JsonPath.read(call("GET", "/api/admin/event-publications?status=EXHAUSTED", admin, null),
				"$.page.totalElements")).isZero();
	}

	private void placeOrdersAndKillMidway(List<String> customers) throws Exception {

		var running = new AtomicBoolean(true);
		var pool = Executors.newFixedThreadPool(customers.size());

		for (var customer : customers) {
			pool.submit(() -> {
				while (running.get()) {
					var quantity = ThreadLocalRandom.current().nextInt(1, 3);
					try {
						var response = application.send("POST", "/api/orders", customer, """
								{"lines": [{"sku": "%s", "quantity": %d}]}""".formatted(SKU, quantity));
						if (response.statusCode() == 202) {
							accepted.put(JsonPath.read(response.body(), "$.id"), new Placed(customer, quantity));
						}
						// 422 while the order module has not yet seen the product: keep trying
					} catch (Exception killed) {
						return null;
					}
				}
				return null;
			});
		}

		await().atMost(Duration.ofMinutes(1)).until(() -> accepted.size() >= ACCEPTED_BEFORE_KILL);
		application.kill();
		running.set(false);
		pool.shutdown();
		assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
	}

	private int ordersOf(String customer, String status) {
		List<Object> orders = JsonPath.read(call("GET", "/api/orders?size=100", customer, null),
				"$.content[?(@.status == '%s')]".formatted(status));
		return orders.size();
	}

	private int confirmedUnitsOf(String customer) {
		List<Integer> quantities = JsonPath.read(call("GET", "/api/orders?size=100", customer, null),
				"$.content[?(@.status == 'CONFIRMED')].lines[*].quantity");
		return quantities.stream().mapToInt(Integer::intValue).sum();
	}

	private String status(String orderId) {
		return JsonPath.read(call("GET", "/api/orders/" + orderId, accepted.get(orderId).token(), null), "$.status");
	}

	private String token(String email, String password) {
		return JsonPath.read(call("POST", "/api/auth/token", null, """
				{"email": "%s", "password": "%s"}""".formatted(email, password)), "$.access_token");
	}

	private String call(String method, String path, String token, String json) {
		try {
			return application.call(method, path, token, json);
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
