package com.modularshop.infrastructure.registry;

import static org.assertj.core.api.Assertions.*;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import com.modularshop.testsupport.ForgedTokens;

/**
 * Operating the registry with supervision off (the test default), so the rows each test plants stay where it put them:
 * purge safety, metrics, health and the operations API with its authorization.
 */
@SpringBootTest(properties = { "shop.events.retention=7d", "shop.events.purge-batch-size=2",
		"shop.events.health-max-age=30m" })
@AutoConfigureMockMvc
class EventPublicationOperationsIntegrationTests {

	static final String NOBODY = "com.example.Nobody.on(com.example.Nothing)";

	@Autowired JdbcClient jdbc;
	@Autowired ArchivePurger purger;
	@Autowired MockMvcTester mvc;

	String admin;
	String customer;

	@BeforeEach
	void signTokens() {
		// after the context exists: it generates the signing key on start-up
		admin = ForgedTokens.adminBearer();
		customer = ForgedTokens.customerBearer();
	}

	/** Every row a test plants belongs to {@link #NOBODY}: gone even when an assertion failed half-way. */
	@AfterEach
	void removePlantedRows() {
		for (var table : List.of("event_publication", "event_publication_dead_letter", "event_publication_archive",
				"event_publication_failure")) {
			jdbc.sql("DELETE FROM " + table + " WHERE listener_id = :nobody").param("nobody", NOBODY).update();
		}
	}

	@Test
	void purgesOnlyArchivedPublicationsPastRetentionInBatches() {

		var old = List.of(archived("8 days"), archived("9 days"), archived("30 days"), archived("8 days"),
				archived("10 days"));
		var recent = archived("1 day");
		var oldIncomplete = incomplete("FAILED", "30 days", "com.example.Old");

		var purged = purger.purge();

		assertThat(purged).isGreaterThanOrEqualTo(5);
		assertThat(old).allSatisfy(id -> assertThat(countIn("event_publication_archive", id)).isZero());
		assertThat(countIn("event_publication_archive", recent)).isOne();
		assertThat(countIn("event_publication", oldIncomplete)).isOne();
	}

	@Test
	void keepsTheFailureDetailsOfDeadLettersAndIncompletePublicationsWhenPurging() {

		var dead = incomplete("FAILED", "30 days", "com.example.Dead");
		var stillFailing = incomplete("FAILED", "30 days", "com.example.StillFailing");
		var finished = UUID.randomUUID();
		jdbc.sql("""
				WITH d AS (DELETE FROM event_publication WHERE id = :id RETURNING *)
				INSERT INTO event_publication_dead_letter (id, listener_id, event_type, serialized_event, publication_date,
				  completion_attempts, reason, dead_since)
				SELECT id, listener_id, event_type, serialized_event, publication_date, completion_attempts, 'EXHAUSTED',
				  now() - interval '20 days' FROM d""").param("id", dead).update();
		var deadEvent = eventIdIn("event_publication_dead_letter", dead);
		var failingEvent = eventIdIn("event_publication", stillFailing);
		List.of(deadEvent, failingEvent, finished).forEach(event -> jdbc.sql("""
				INSERT INTO event_publication_failure (listener_id, event_id, failures, last_error, last_failed_at)
				VALUES (:listener, :event, 8, 'boom', now() - interval '20 days')""")
				.param("listener", NOBODY).param("event", event).update());

		purger.purge();

		assertThat(failuresOf(deadEvent)).isOne();
		assertThat(failuresOf(failingEvent)).isOne();
		assertThat(failuresOf(finished)).isZero();
	}

	UUID eventIdIn(String table, UUID publication) {
		return jdbc.sql("SELECT CAST(serialized_event::jsonb ->> 'eventId' AS uuid) FROM " + table + " WHERE id = :id")
				.param("id", publication).query(UUID.class).single();
	}

	int failuresOf(UUID event) {
		return jdbc.sql("SELECT count(*) FROM event_publication_failure WHERE event_id = :id").param("id", event)
				.query(Integer.class).single();
	}

	@Test
	void reportsRegistryStateAsMetricsAndHealth() {

		incomplete("PUBLISHED", "2 hours", "com.example.Stuck");

		var health = mvc.get().uri("/actuator/health").exchange();
		assertThat(health).bodyJson().extractingPath("$.status").isEqualTo("DOWN");

		var details = mvc.get().uri("/actuator/health").header("Authorization", admin).exchange();
		assertThat(details).bodyJson().extractingPath("$.components.eventPublications.status").isEqualTo("DOWN");
		assertThat(details).bodyJson().extractingPath("$.components.eventPublications.details.incomplete")
				.asNumber().isNotEqualTo(0);

		// a repository call, which the repository timer would record (Logback's counters exist once bound)
		assertThat(mvc.get().uri("/api/products")).hasStatusOk();
		assertThat(mvc.get().uri("/actuator/prometheus")).hasStatus(401);
		var metrics = mvc.get().uri("/actuator/prometheus").header("Authorization", admin).exchange();
		assertThat(metrics).hasStatusOk();
		assertThat(metrics).bodyText()
				.containsPattern("shop_events_publications\\{state=\"incomplete\"\\} [1-9]")
				.containsPattern("shop_events_oldest_incomplete_age_seconds [0-9]{4,}")
				// off on purpose (ModularShopApplication): they cost CPU on every call and nobody reads them
				.doesNotContain("spring_data_repository_invocations")
				.doesNotContain("logback_events");
	}

	@Test
	void listsShowsAbandonsAndResubmitsPublications() {

		var failed = incomplete("FAILED", "3 hours", "com.example.ListedMessage");
		var eventId = jdbc.sql("SELECT serialized_event::jsonb ->> 'eventId' FROM event_publication WHERE id = :id")
				.param("id", failed).query(String.class).single();
		jdbc.sql("""
				INSERT INTO event_publication_failure (listener_id, event_id, failures, last_error, last_failed_at)
				VALUES (:listener, CAST(:event AS uuid), 2, 'java.lang.IllegalStateException: boom', now())
				""").param("listener", NOBODY).param("event", eventId).update();

		var listed = mvc.get().uri("/api/admin/event-publications?status=failed&type=ListedMessage&olderThan=PT2H")
				.header("Authorization", admin).exchange();
		assertThat(listed).hasStatusOk();
		assertThat(listed).bodyJson().extractingPath("$.content[*].id").asArray().containsExactly(failed.toString());
		assertThat(listed).bodyJson().extractingPath("$.page.totalElements").isEqualTo(1);

		var shown = mvc.get().uri("/api/admin/event-publications/" + failed).header("Authorization", admin).exchange();
		assertThat(shown).hasStatusOk();
		assertThat(shown).bodyJson().extractingPath("$.lastError").asString().contains("boom");
		assertThat(shown).bodyJson().extractingPath("$.failures").isEqualTo(2);
		assertThat(shown).bodyJson().extractingPath("$.serializedEvent").asString().contains(eventId);

		assertThat(mvc.post().uri("/api/admin/event-publications/" + failed + "/abandon").header("Authorization", admin))
				.hasStatus(204);
		assertThat(countIn("event_publication", failed)).isZero();
		assertThat(mvc.get().uri("/api/admin/event-publications?status=ABANDONED&type=ListedMessage")
				.header("Authorization", admin)).bodyJson().extractingPath("$.content[0].id").isEqualTo(failed.toString());
		assertThat(mvc.post().uri("/api/admin/event-publications/" + failed + "/abandon").header("Authorization", admin))
				.hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);

		// resubmitting a dead letter puts it back into the registry for delivery
		assertThat(mvc.post().uri("/api/admin/event-publications/" + failed + "/resubmit").header("Authorization", admin))
				.hasStatus(202).bodyJson().extractingPath("$.resubmitted").isEqualTo(1);
		assertThat(countIn("event_publication", failed)).isOne();
		assertThat(countIn("event_publication_dead_letter", failed)).isZero();
	}

	@Test
	void resubmitsAFilteredBatch() {

		var first = incomplete("PUBLISHED", "3 hours", "com.example.BatchMessage");
		var second = incomplete("FAILED", "4 hours", "com.example.BatchMessage");
		var inFlight = incomplete("PROCESSING", "1 second", "com.example.BatchMessage");
		var other = incomplete("PUBLISHED", "1 second", "com.example.OtherMessage");

		assertThat(mvc.post().uri("/api/admin/event-publications/resubmit?type=BatchMessage").header("Authorization", admin))
				.hasStatus(202).bodyJson().extractingPath("$.resubmitted").isEqualTo(1);

		assertThat(status(second)).isEqualTo("FAILED");
		assertThat(attempts(second)).isZero();
		// waiting for its delivery, or being delivered: resetting either would deliver it twice
		assertThat(status(first)).isEqualTo("PUBLISHED");
		assertThat(status(inFlight)).isEqualTo("PROCESSING");
		assertThat(status(other)).isEqualTo("PUBLISHED");
	}

	@Test
	void letsOnlyAdministratorsOperateTheRegistry() {

		assertThat(mvc.get().uri("/api/admin/event-publications")).hasStatus(401);
		assertThat(mvc.get().uri("/api/admin/event-publications").header("Authorization", customer)).hasStatus(403);
		assertThat(mvc.post().uri("/api/admin/event-publications/" + UUID.randomUUID() + "/abandon")
				.header("Authorization", customer)).hasStatus(403);
		assertThat(mvc.get().uri("/api/admin/event-publications?status=bogus").header("Authorization", admin))
				.hasStatus(400).bodyJson().extractingPath("$.type")
				.isEqualTo("https://modular-shop.example/problems/invalid-publication-filter");
		assertThat(mvc.get().uri("/api/admin/event-publications/" + UUID.randomUUID()).header("Authorization", admin))
				.hasStatus(404).bodyJson().extractingPath("$.type")
				.isEqualTo("https://modular-shop.example/problems/publication-not-found");
	}

	UUID archived(String age) {

		var id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO event_publication_archive (id, listener_id, event_type, serialized_event, publication_date,
				  completion_date, status, completion_attempts)
				VALUES (:id, :listener, 'com.example.Archived', '{}', now() - CAST(:age AS interval),
				  now() - CAST(:age AS interval), 'COMPLETED', 1)
				""").param("id", id).param("listener", NOBODY).param("age", age).update();
		return id;
	}

	UUID incomplete(String status, String age, String type) {

		var id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date, status,
				  completion_attempts)
				VALUES (:id, :listener, :type, :event, now() - CAST(:age AS interval), :status, 1)
				""").param("id", id).param("listener", NOBODY).param("type", type)
				.param("event", "{\"eventId\":\"" + UUID.randomUUID() + "\"}").param("age", age).param("status", status)
				.update();
		return id;
	}

	int attempts(UUID id) {
		return jdbc.sql("SELECT completion_attempts FROM event_publication WHERE id = :id").param("id", id)
				.query(Integer.class).single();
	}

	int countIn(String table, UUID id) {
		return jdbc.sql("SELECT count(*) FROM " + table + " WHERE id = :id").param("id", id).query(Integer.class)
				.single();
	}

	String status(UUID id) {
		return jdbc.sql("SELECT status FROM event_publication WHERE id = :id").param("id", id).query(String.class)
				.single();
	}
}
