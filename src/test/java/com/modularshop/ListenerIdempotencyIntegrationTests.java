package com.modularshop;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ReflectionUtils;

import com.modularshop.testsupport.ModuleSchema;
import com.modularshop.user.events.UserRegistered;

import fixtures.idempotency.AppendingListener;

/**
 * Delivery is at least once, so every {@code @ApplicationModuleListener} of every module must be idempotent. For each
 * one this delivers a generated message twice, each time in its own committed transaction as the registry would, and
 * requires that the second delivery changes no row that mentions the message's identifiers and publishes nothing. The
 * rows checked are those of every module's schema, taken from the module model, so a listener or a module added later
 * is covered without touching this test; {@code fixtures.idempotency} proves the check fails.
 *
 * <p>A message about an order names a real one, placed through the API, and while the first copy is delivered the
 * catalog is held back, so the saga's answers find the order still placed and have something to change.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ListenerIdempotencyIntegrationTests {

	@Autowired ApplicationContext context;
	@Autowired TransactionTemplate transactions;
	@Autowired JdbcClient jdbc;
	@Autowired MockMvcTester mvc;
	@Autowired DataSource dataSource;

	PendingOrders orders;

	@BeforeEach
	void setUp() {
		orders = new PendingOrders(mvc, jdbc, dataSource);
	}

	@TestFactory
	Stream<DynamicTest> secondDeliveryOfAnyMessageChangesNothing() {

		var listeners = listeners();
		assertThat(listeners).as("module listeners found").hasSizeGreaterThanOrEqualTo(10);
		var schemas = ModuleSchema.all().stream().map(ModuleSchema::schema).toList();

		return listeners.entrySet().stream()
				.map(entry -> DynamicTest.dynamicTest(entry.getKey(),
						() -> assertIdempotent(entry.getValue(), schemas)));
	}

	@Test
	void detectsAListenerThatIsNotIdempotent() throws Exception {

		jdbc.sql("CREATE TABLE IF NOT EXISTS public.idempotency_fixture_log (message TEXT)").update();
		var fixture = new AppendingListener(jdbc);
		var listener = new Listener(fixture, AppendingListener.class.getDeclaredMethod("on", UserRegistered.class));

		assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertIdempotent(listener, List.of("public")))
				.withMessageContaining("after the second delivery");
	}

	private void assertIdempotent(Listener listener, List<String> schemas) {

		var type = listener.method().getParameterTypes()[0];
		var identifiers = new ArrayList<String>();
		Object message;

		if (namesAnOrder(type)) {
			try (var order = orders.place(PendingOrders.mayHoldBackTheCatalogFor(listener.target().getClass()))) {
				message = generate(type, identifiers, Map.of("orderId", order.id()));
				if (order.isHeldBack()) {
					assertThat(orders.status(order)).as("status when the first copy arrives").isEqualTo("PLACED");
				}
				deliver(listener, message);
			}
		} else {
			message = generate(type, identifiers, Map.of());
			deliver(listener, message);
		}
		var afterFirst = snapshot(identifiers, schemas);

		deliver(listener, message);
		var afterSecond = snapshot(identifiers, schemas);

		assertThat(afterSecond).as("state touched by %s after the second delivery", message).isEqualTo(afterFirst);
	}

	record Listener(Object target, Method method) {}

	private Map<String, Listener> listeners() {

		var result = new TreeMap<String, Listener>();

		for (var name : context.getBeanDefinitionNames()) {

			var bean = context.getBean(name);
			var type = AopUtils.getTargetClass(bean);

			if (!type.getPackageName().startsWith("com.modularshop.")
					|| type.getPackageName().startsWith("com.modularshop.infrastructure")) {
				continue;
			}

			for (var method : ReflectionUtils.getUniqueDeclaredMethods(type)) {
				if (AnnotatedElementUtils.hasAnnotation(method, ApplicationModuleListener.class)) {
					result.put(type.getSimpleName() + "." + method.getName() + "("
							+ method.getParameterTypes()[0].getSimpleName() + ")",
							new Listener(AopTestUtils.getUltimateTargetObject(bean), method));
				}
			}
		}

		return result;
	}

	private void deliver(Listener listener, Object message) {

		ReflectionUtils.makeAccessible(listener.method());
		transactions.executeWithoutResult(
				status -> ReflectionUtils.invokeMethod(listener.method(), listener.target(), message));
	}

	/** Rows of every module table and registry entries that mention the identifiers, once follow-ups settled. */
	private Map<String, String> snapshot(List<String> identifiers, List<String> schemas) {

		var patterns = identifiers.stream().map(it -> "%" + it + "%").toArray(String[]::new);

		// listeners triggered by the delivery's own messages run asynchronously: wait for them to finish
		await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
				SELECT count(*) FROM event_publication
				WHERE status IN ('PUBLISHED', 'PROCESSING', 'RESUBMITTED') AND serialized_event LIKE ANY (:patterns)
				""").param("patterns", patterns).query(Long.class).single() == 0);

		var state = new TreeMap<String, String>();
		var tables = jdbc.sql("""
				SELECT table_schema || '.' || table_name FROM information_schema.tables
				WHERE table_schema IN (:schemas) AND table_type = 'BASE TABLE'
				""").param("schemas", schemas).query(String.class).list();

		for (var table : tables) {
			state.put(table, jdbc.sql("SELECT coalesce(string_agg(t::text, ' | ' ORDER BY t::text), '') FROM " + table
					+ " t WHERE t::text LIKE ANY (:patterns)").param("patterns", patterns).query(String.class).single());
		}

		state.put("publications", String.valueOf(jdbc.sql("""
				SELECT (SELECT count(*) FROM event_publication WHERE serialized_event LIKE ANY (:patterns))
				     + (SELECT count(*) FROM event_publication_archive WHERE serialized_event LIKE ANY (:patterns))
				""").param("patterns", patterns).query(Long.class).single()));

		return state;
	}

	private static boolean namesAnOrder(Class<?> message) {
		return message.isRecord() && Arrays.stream(message.getRecordComponents())
				.anyMatch(it -> it.getName().equals("orderId") && it.getType() == UUID.class);
	}

	/**
	 * A message with fresh identifiers and plausible values, or the given ones by component name, all recorded so the
	 * snapshot can find what they touch.
	 */
	private static Object generate(Class<?> type, List<String> identifiers, Map<String, ?> given) {

		if (!type.isRecord()) {
			throw new IllegalArgumentException(type + " is not a message record");
		}

		var components = type.getRecordComponents();
		var values = Arrays.stream(components).map(it -> value(it, identifiers, given)).toArray();

		try {
			var constructor = type.getDeclaredConstructor(
					Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
			constructor.setAccessible(true);
			return constructor.newInstance(values);
		} catch (ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
	}

	private static Object value(RecordComponent component, List<String> identifiers, Map<String, ?> given) {

		var type = component.getType();
		var name = component.getName().toLowerCase();

		if (given.containsKey(component.getName())) {
			var value = given.get(component.getName());
			identifiers.add(value.toString());
			return value;
		}

		if (type == UUID.class) {
			var id = UUID.randomUUID();
			identifiers.add(id.toString());
			return id;
		}
		if (type == String.class) {
			if (name.contains("email")) {
				var email = uniqueEmail("idem");
				identifiers.add(email);
				return email;
			}
			if (name.contains("currency")) {
				return "EUR";
			}
			var text = "IDEM-" + UUID.randomUUID().toString().substring(0, 8);
			identifiers.add(text);
			return text;
		}
		if (type == int.class || type == Integer.class) {
			return 1;
		}
		if (type == long.class || type == Long.class) {
			return 1L;
		}
		if (type == boolean.class || type == Boolean.class) {
			return false;
		}
		if (type == BigDecimal.class) {
			return new BigDecimal("10.00");
		}
		if (type == Instant.class) {
			return Instant.now();
		}
		if (type == List.class) {
			Type element = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
			return List.of(generate((Class<?>) element, identifiers, given));
		}
		if (type.isRecord()) {
			return generate(type, identifiers, given);
		}

		throw new IllegalArgumentException("No value for " + component);
	}
}
