package com.modularshop.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Records every application event published in the test's context, on any thread, so tests can count what
 * asynchronous listeners published (Modulith's {@code PublishedEvents} only sees the test's own thread). Import it
 * with {@code @Import(EventRecorder.class)}.
 */
public class EventRecorder {

	private final List<Object> events = new CopyOnWriteArrayList<>();
	private final JdbcClient jdbc;

	public EventRecorder(JdbcClient jdbc) {
		this.jdbc = jdbc;
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
}
