package com.modularshop.infrastructure.registry;

import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Supervised delivery against the real registry: a probe listener that fails, blocks or succeeds on command shows
 * retries with backoff, dead-lettering, redelivery of lost publications, back-pressure and the advisory lock. The
 * context is closed afterwards so its scheduler cannot touch other tests' publications in the shared database.
 */
@SpringBootTest(properties = { "shop.events.supervision.enabled=true", "shop.events.retry.interval=200ms",
		"shop.events.retry.initial-backoff=300ms", "shop.events.retry.multiplier=2", "shop.events.retry.max-attempts=4",
		"shop.events.retry.stale-after=2s", "shop.events.executor.threads=1", "shop.events.executor.queue-capacity=2" })
@DirtiesContext
class EventSupervisionIntegrationTests {

	/** A message whose listener fails a number of times, or blocks until released. */
	public record Probe(UUID eventId, int failuresBeforeSuccess, boolean block) {}

	/** Accessed through methods only: the bean is a proxy, its fields are not the listener's. */
	static class ProbeListener {

		private final Map<UUID, List<Instant>> calls = new ConcurrentHashMap<>();
		private volatile CountDownLatch gate = new CountDownLatch(0);

		@ApplicationModuleListener
		void on(Probe probe) throws InterruptedException {

			var attempts = calls.computeIfAbsent(probe.eventId(), __ -> new CopyOnWriteArrayList<>());
			attempts.add(Instant.now());

			if (probe.block()) {
				gate.await(30, TimeUnit.SECONDS);
			}

			if (attempts.size() <= probe.failuresBeforeSuccess()) {
				throw new IllegalStateException("probe failure " + attempts.size());
			}
		}

		List<Instant> callsOf(UUID id) {
			return List.copyOf(calls.getOrDefault(id, List.of()));
		}

		int calls(UUID id) {
			return callsOf(id).size();
		}

		void closeGate() {
			gate = new CountDownLatch(1);
		}

		void openGate() {
			gate.countDown();
		}
	}

	@TestConfiguration
	static class Probes {

		@Bean
		ProbeListener probeListener() {
			return new ProbeListener();
		}
	}

	@Autowired ApplicationEventPublisher events;
	@Autowired TransactionTemplate transactions;
	@Autowired JdbcClient jdbc;
	@Autowired ProbeListener listener;
	@Autowired PublicationSupervisor supervisor;
	@Autowired DataSource dataSource;
	@Autowired MeterRegistry meters;

	@Test
	void retriesAFailingListenerWithGrowingBackoffUntilItSucceeds() {

		var probe = publish(new Probe(UUID.randomUUID(), 2, false));

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(archivedAttempts(probe)).isEqualTo(3));

		var calls = listener.callsOf(probe.eventId());
		assertThat(calls).hasSize(3);
		// backoff counts from the registry's timestamps, taken a moment before each call: allow 50 ms for that
		assertThat(Duration.between(calls.get(0), calls.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(250));
		assertThat(Duration.between(calls.get(1), calls.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(550));
		assertThat(incomplete(probe)).isZero();

		var failure = jdbc.sql("SELECT failures, last_error FROM event_publication_failure WHERE event_id = :id")
				.param("id", probe.eventId()).query().singleRow();
		assertThat(failure.get("failures")).isEqualTo(2);
		assertThat((String) failure.get("last_error")).contains("probe failure 2");
	}

	@Test
	void turnsAPublicationThatExhaustedItsAttemptsIntoADeadLetterAndLeavesIt() {

		var probe = publish(new Probe(UUID.randomUUID(), Integer.MAX_VALUE, false));

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetterReason(probe)).isEqualTo("EXHAUSTED"));

		assertThat(incomplete(probe)).isZero();
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
				.untilAsserted(() -> assertThat(listener.calls(probe.eventId())).isEqualTo(4));
		assertThat(meters.counter("shop.events.dead.letters", "event", "EventSupervisionIntegrationTests.Probe").count())
				.isGreaterThanOrEqualTo(1);
	}

	@Test
	void redeliversAPublicationLostInFlight() {

		// a real publication tells which listener id the registry uses for the probe listener
		var first = publish(new Probe(UUID.randomUUID(), 0, false));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(archivedAttempts(first)).isEqualTo(1));
		var listenerId = jdbc.sql("SELECT listener_id FROM event_publication_archive WHERE serialized_event LIKE :id")
				.param("id", "%" + first.eventId() + "%").query(String.class).single();

		// what a process killed mid-delivery leaves behind: a row in PROCESSING that nobody will complete
		var lost = new Probe(UUID.randomUUID(), 0, false);
		jdbc.sql("""
				INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date,
				  status, completion_attempts)
				VALUES (:id, :listener, :type, :event, now() - interval '1 hour', 'PROCESSING', 1)
				""")
				.param("id", UUID.randomUUID()).param("listener", listenerId).param("type", Probe.class.getName())
				.param("event", """
						{"eventId":"%s","failuresBeforeSuccess":0,"block":false}""".formatted(lost.eventId()))
				.update();

		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(archivedAttempts(lost)).isEqualTo(2));
		assertThat(listener.calls(lost.eventId())).isEqualTo(1);
	}

	@Test
	void leavesWhatTheListenerPoolCannotTakeToTheRegistryAndDeliversItLater() {

		listener.closeGate();
		var rejectedBefore = meters.counter("shop.events.listener.rejected").count();

		// one thread and two queue slots: of ten, seven do not fit
		var probes = transactions.execute(status -> java.util.stream.IntStream.range(0, 10)
				.mapToObj(i -> new Probe(UUID.randomUUID(), 0, true))
				.peek(events::publishEvent)
				.toList());

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
				meters.counter("shop.events.listener.rejected").count() - rejectedBefore).isGreaterThanOrEqualTo(7));
		assertThat(probes).allSatisfy(it -> assertThat(incomplete(it)).isOne());

		listener.openGate();

		await().atMost(Duration.ofSeconds(30)).untilAsserted(
				() -> assertThat(probes).allSatisfy(it -> assertThat(archivedAttempts(it)).isPositive()));
	}

	@Test
	void letsOnlyOneInstanceSuperviseAtATime() throws Exception {

		// another instance, as far as PostgreSQL can tell: a different session holding the lock
		try (var otherInstance = dataSource.getConnection(); var statement = otherInstance.createStatement()) {

			statement.execute("SELECT pg_advisory_lock(" + PublicationSupervisor.LOCK_KEY + ")");
			assertThat(supervisor.supervise()).isFalse();

			statement.execute("SELECT pg_advisory_unlock(" + PublicationSupervisor.LOCK_KEY + ")");
			assertThat(supervisor.supervise()).isTrue();
		}
	}

	Probe publish(Probe probe) {
		transactions.executeWithoutResult(status -> events.publishEvent(probe));
		return probe;
	}

	int incomplete(Probe probe) {
		return jdbc.sql("SELECT count(*) FROM event_publication WHERE serialized_event LIKE :id")
				.param("id", "%" + probe.eventId() + "%").query(Integer.class).single();
	}

	int archivedAttempts(Probe probe) {
		return jdbc.sql("SELECT coalesce(max(completion_attempts), 0) FROM event_publication_archive "
				+ "WHERE serialized_event LIKE :id").param("id", "%" + probe.eventId() + "%").query(Integer.class).single();
	}

	String deadLetterReason(Probe probe) {
		return jdbc.sql("SELECT reason FROM event_publication_dead_letter WHERE serialized_event LIKE :id")
				.param("id", "%" + probe.eventId() + "%").query(String.class).optional().orElse(null);
	}
}
