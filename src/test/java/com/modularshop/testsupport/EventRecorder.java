package com.modularshop.testsupport;

import static org.awaitility.Awaitility.*;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records every application event published in the test's context, on any thread, so tests can count what
 * asynchronous listeners published (Modulith's {@code PublishedEvents} only sees the test's own thread), and delivers
 * messages again as the registry does after a crash. Import it with {@code @Import(EventRecorder.class)}.
 */
public class EventRecorder {

	private final List<Object> events = new CopyOnWriteArrayList<>();
	private final JdbcClient jdbc;
	private final ApplicationEventPublisher publisher;
	private final TransactionTemplate transactions;

	public EventRecorder(JdbcClient jdbc, ApplicationEventPublisher publisher,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.publisher = publisher;
		this.transactions = new TransactionTemplate(transactions);
	}

	@EventListener
	void on(Object event) {
		events.add(event);
	}

	public <T> List<T> ofType(Class<T> type, Predicate<T> filter) {
		return events.stream().filter(type::isInstance).map(type::cast).filter(filter).toList();
	}

	/**
	 * How many publications mentioning the id are not completed yet: zero once every listener that was sent a
	 * message about it, and every message those listeners published about it in turn, is done.
	 */
	public int incompletePublicationsMentioning(Object id) {
		return jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND serialized_event LIKE :id")
				.param("id", "%" + id + "%")
				.query(Integer.class)
				.single();
	}

	/** Waits until every publication mentioning the id is completed (see {@link #incompletePublicationsMentioning}). */
	public void awaitSettled(Object about) {
		await().atMost(Fixtures.PATIENCE).until(() -> incompletePublicationsMentioning(about) == 0);
	}

	/** Publishes the message in a committed transaction, as a registry delivery would, and waits for its listeners. */
	public void deliver(Object message, Object about) {
		transactions.executeWithoutResult(status -> publisher.publishEvent(message));
		awaitSettled(about);
	}

	/**
	 * Delivers the message, waits until its listeners are done, and delivers it again, as the registry does when a
	 * listener committed but its publication was not marked completed. (Two identical publications in flight at once
	 * could complete each other's row, so the copies are sent one after the other.)
	 */
	public void deliverTwice(Object message, Object about) {
		deliver(message, about);
		deliver(message, about);
	}
}
