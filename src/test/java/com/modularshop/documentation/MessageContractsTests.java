package com.modularshop.documentation;

import static org.assertj.core.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jmolecules.event.annotation.Externalized;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import com.modularshop.infrastructure.messaging.MessageTypes;
import com.modularshop.infrastructure.modules.Deployment;

/**
 * The message contracts in {@code docs/contracts/}, one JSON Schema per message type and version, generated from the
 * records: the test fails when they are stale (regenerate with {@code ./mvnw -B test -Pdocs}), and, in both modes,
 * when a record changed incompatibly with its committed contract, naming the message and the field. Adding a field
 * passes; see {@link MessageContracts} for the version rule.
 */
class MessageContractsTests {

	static final Path COMMITTED = Path.of("docs/contracts");
	static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	@Test
	void committedContractsAreCurrentAndCompatible() throws IOException {

		var generated = generate();
		var committed = read();

		var incompatible = new ArrayList<String>();
		committed.forEach((name, contract) -> {
			if (!generated.containsKey(name)) {
				incompatible.add(name + ": the message is gone; keep producing it until no consumer needs it");
			} else {
				incompatible.addAll(MessageContracts.incompatibilities(name, contract, generated.get(name)));
			}
		});
		assertThat(incompatible).as("incompatible message changes; publish a new version instead").isEmpty();

		if (Boolean.getBoolean("docs.update")) {
			Files.createDirectories(COMMITTED);
			for (var contract : generated.entrySet()) {
				Files.writeString(COMMITTED.resolve(contract.getKey() + ".schema.json"),
						JSON.writeValueAsString(contract.getValue()) + "\n");
			}
			return;
		}

		assertThat(committed).as("docs/contracts is stale; regenerate it with './mvnw -B test -Pdocs' and commit it")
				.isEqualTo(generated);
	}

	@Test
	void removingRenamingOrRetypingAFieldIsIncompatibleAndNamesTheMessage() {

		var committed = MessageContracts.schema("shop.Sample.v1", Sample.class, "shop.sample", "id()");

		assertThat(MessageContracts.incompatibilities("shop.Sample.v1", committed,
				MessageContracts.schema("shop.Sample.v1", SampleWithAField.class, "shop.sample", "id()")))
				.as("a field added").isEmpty();
		assertThat(MessageContracts.incompatibilities("shop.Sample.v1", committed,
				MessageContracts.schema("shop.Sample.v1", SampleBroken.class, "shop.sample", "id()")))
				.containsExactlyInAnyOrder(
						"shop.Sample.v1: field 'total' changed its type from number to string",
						"shop.Sample.v1: field 'lines[].sku' was removed or renamed",
						"shop.Sample.v1: field 'at' was removed or renamed");
	}

	@Test
	void everyMessageHasAContractWithTopicAndKey() {
		assertThat(generate()).hasSize(15).containsKeys("order.OrderConfirmed.v1", "catalog.ReserveStock.v1",
				"user.UserRegistered.v1");
	}

	record Sample(java.util.UUID id, java.math.BigDecimal total, List<Line> lines, java.time.Instant at) {
		record Line(String sku, int quantity) {}
	}

	record SampleWithAField(java.util.UUID id, java.math.BigDecimal total, List<Line> lines, java.time.Instant at,
			String note) {
		record Line(String sku, int quantity, String name) {}
	}

	record SampleBroken(java.util.UUID id, String total, List<Line> lines, java.time.Instant when) {
		record Line(String article, int quantity) {}
	}

	private static Map<String, Map<String, Object>> generate() {

		var contracts = new TreeMap<String, Map<String, Object>>();
		for (var type : MessageTypes.scan(Deployment.from(new StandardEnvironment())).all()) {
			var target = type.type().getAnnotation(Externalized.class).value();
			var key = target.contains("::") ? target.substring(target.indexOf("::") + 2).replaceAll("^#\\{|\\}$", "")
					: "nothing";
			// through JSON, so that generated and committed contracts compare alike
			contracts.put(type.logicalName(), JSON.readValue(JSON.writeValueAsString(
					MessageContracts.schema(type.logicalName(), type.type(), type.topic(), key)),
					new TypeReference<Map<String, Object>>() {}));
		}
		return contracts;
	}

	private static Map<String, Map<String, Object>> read() throws IOException {

		var contracts = new TreeMap<String, Map<String, Object>>();
		if (!Files.isDirectory(COMMITTED)) {
			return contracts;
		}
		try (Stream<Path> files = Files.list(COMMITTED)) {
			for (var file : files.filter(it -> it.toString().endsWith(".schema.json")).toList()) {
				contracts.put(file.getFileName().toString().replace(".schema.json", ""),
						JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {}));
			}
		}
		return contracts;
	}
}
