package com.modularshop;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Hostile input against every operation of the API, as the running application serves it: the operations, their
 * parameters and their request bodies are read from the served OpenAPI description, so a new endpoint or field is
 * fuzzed without touching this test (and an {@code /api} endpoint missing from the description fails it). Every
 * field is mutated in turn (missing, {@code null}, wrong types, huge, negative and fractional numbers, long strings,
 * NUL and control characters, lone surrogates, unknown enum values, malformed ids), whole bodies are broken (not JSON,
 * invalid UTF-8, extra fields, deep nesting, other content types), path and query parameters get malformed ids and
 * paging values, and every request goes out anonymous, with a customer's, an administrator's and a forged token. Then
 * random combinations of these follow, from a fixed seed that is logged (override: {@code -Dshop.fuzz.seed=N}).
 * <p>
 * Nothing may answer 5xx, and every error must be an {@code application/problem+json} document, unless the
 * description documents that status of that operation as answered without a body.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"shop.user.admin.email=fuzz-admin@shop.test", "shop.user.admin.password=fuzzing administrator" })
@TestInstance(Lifecycle.PER_CLASS)
class ApiFuzzIntegrationTests {

	static final long SEED = Long.getLong("shop.fuzz.seed", 20_260_311L);
	static final int RANDOM_CASES_PER_OPERATION = 25;

	private static final Logger LOG = LoggerFactory.getLogger(ApiFuzzIntegrationTests.class);
	private static final ObjectMapper JSON = new ObjectMapper();
	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
	private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}]+)}");

	@LocalServerPort int port;
	@Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

	HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	List<Operation> operations;
	Map<String, String> tokens; // name -> Authorization header value, null for anonymous

	record Operation(String method, String path, String id, JsonNode description, List<JsonNode> parameters,
			JsonNode bodySchema, boolean authenticated) {

		@Override
		public String toString() {
			return method + " " + path;
		}
	}

	/** One request: what was done to the valid one, and everything needed to send it. */
	record Case(String token, String what, String method, String rawPathAndQuery, Map<String, String> headers,
			byte[] body) {}

	@BeforeAll
	void readTheApiAndSignIn() throws Exception {

		LOG.info("API fuzzing with seed {} (repeat with -Dshop.fuzz.seed={})", SEED, SEED);

		served = JSON.readTree(send("GET", "/v3/api-docs", Map.of(), null).body());
		operations = operations(served);

		var customerEmail = uniqueEmail("fuzz");
		assertThat(send("POST", "/api/users", json(), """
				{"email": "%s", "name": "Fuzz", "password": "fuzzing customer"}""".formatted(customerEmail)
				.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);

		tokens = new LinkedHashMap<>();
		tokens.put("anonymous", null);
		tokens.put("customer", "Bearer " + token(customerEmail, "fuzzing customer"));
		tokens.put("admin", "Bearer " + token("fuzz-admin@shop.test", "fuzzing administrator"));
		tokens.put("forged", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZXMiOlsiQURNSU4iXX0.");
	}

	@Test
	void theDescriptionHasEveryApiEndpoint() {

		var described = new TreeSet<String>();
		operations.forEach(it -> described.add(it.method() + " " + it.path()));

		var mapped = new TreeSet<String>();
		mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
				.filter(it -> it.startsWith("/api/"))
				.forEach(path -> info.getMethodsCondition().getMethods()
						.forEach(method -> mapped.add(method.name() + " " + path))));

		assertThat(described).containsAll(mapped);
		assertThat(operations).hasSizeGreaterThanOrEqualTo(20);
	}

	// what the fuzzing found, one test each

	@Test
	void answersWhatTomcatRefusesBeforeTheApplicationWithAProblem() throws Exception {

		for (var path : List.of("/api/products/%00", "/api/products/a%2Fb", "/api/products/%C3%28")) {
			assertProblem(send("GET", path, Map.of(), null), 400);
		}
	}

	@Test
	void answersWhatTheSecurityFirewallRefusesWithAProblem() throws Exception {

		assertProblem(send("GET", "/api/products/%25", Map.of(), null), 400);
		assertProblem(send("GET", "/api/products?q=%FF%FE", Map.of(), null), 400);
		assertProblem(send("GET", "/error", Map.of(), null), 404);
	}

	@Test
	void refusesDurationsWhoseSubtractionWouldOverflowWithAProblem() throws Exception {

		var admin = Map.of("Authorization", tokens.get("admin"));

		assertProblem(send("GET", "/api/admin/orders/unreleased-stock?olderThan=P99999999999999D", admin, null), 400);
		assertProblem(send("GET", "/api/admin/event-publications?olderThan=P99999999999999D", admin, null), 400);
		assertThat(send("GET", "/api/admin/event-publications?olderThan=P36500D", admin, null).statusCode())
				.isEqualTo(200);
	}

	private static void assertProblem(Response response, int status) {

		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				it -> assertThat(it).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"status\":" + status);
	}

	@TestFactory
	Stream<DynamicTest> noOperationAnswers5xxAndEveryErrorIsAProblem() {

		return operations.stream().map(operation -> DynamicTest.dynamicTest(operation.toString(), () -> {

			var random = new Random(SEED ^ operation.toString().hashCode());
			var cases = new ArrayList<Case>();
			cases.addAll(systematicCases(operation, random));
			for (int i = 0; i < RANDOM_CASES_PER_OPERATION; i++) {
				cases.add(randomCase(operation, random));
			}

			var violations = new ArrayList<String>();
			for (var fuzz : cases) {
				var violation = check(operation, fuzz);
				if (violation != null) {
					violations.add(violation);
				}
			}

			LOG.info("{}: {} requests, {} violations", operation, cases.size(), violations.size());
			assertThat(violations).as("%s, seed %d: %d of %d requests", operation, SEED, violations.size(),
					cases.size()).isEmpty();
		}));
	}

	// --- what is checked

	private String check(Operation operation, Case fuzz) {

		try {
			var headers = new LinkedHashMap<>(fuzz.headers());
			if (tokens.get(fuzz.token()) != null) {
				headers.putIfAbsent("Authorization", tokens.get(fuzz.token()));
			}
			var response = send(fuzz.method(), fuzz.rawPathAndQuery(), headers, fuzz.body());
			var status = response.statusCode();
			var contentType = response.headers().firstValue("Content-Type").orElse("");

			if (status >= 500) {
				return describe(fuzz, status, response.body());
			}
			if (status >= 400 && !contentType.startsWith("application/problem+json")
					&& !documentedWithoutBody(operation, status)) {
				return describe(fuzz, status, contentType + " " + response.body());
			}

			return null;
		} catch (Exception e) {
			return "%s %s [%s, %s]: %s".formatted(fuzz.method(), abbreviate(fuzz.rawPathAndQuery()), fuzz.token(),
					fuzz.what(), e);
		}
	}

	private static String describe(Case fuzz, int status, String body) {
		return "%s %s [%s, %s] -> %d %s".formatted(fuzz.method(), abbreviate(fuzz.rawPathAndQuery()), fuzz.token(),
				fuzz.what(), status, abbreviate(body));
	}

	private static boolean documentedWithoutBody(Operation operation, int status) {

		var response = operation.description().path("responses").path(String.valueOf(status));
		return !response.isMissingNode() && !response.has("content");
	}

	// --- the cases

	private List<Case> systematicCases(Operation operation, Random random) {

		var cases = new ArrayList<Case>();
		var valid = Request.valid(operation, random);
		var tokenNames = List.copyOf(tokens.keySet());

		// the valid request with every token
		for (var token : tokenNames) {
			cases.add(valid.as(token, "valid request"));
		}

		var next = new int[1];
		UnaryOperator<Request> anyToken = request -> request.withToken(tokenNames.get(next[0]++ % tokenNames.size()));

		for (var parameter : operation.parameters()) {
			for (var value : hostileParameterValues(parameter)) {
				cases.add(anyToken.apply(valid.withParameter(parameter.path("name").asText(), value))
						.toCase("%s %s = %s".formatted(parameter.path("in").asText(), parameter.path("name").asText(),
								abbreviate(value))));
			}
		}

		if (operation.bodySchema() != null) {
			for (var field : fieldsOf(valid.body(), "")) {
				for (var mutation : FIELD_MUTATIONS.entrySet()) {
					var body = valid.body().deepCopy();
					mutation.getValue().apply(body, field, random, schemaAt(operation.bodySchema(), field));
					cases.add(anyToken.apply(valid.withBody(bytes(body)))
							.toCase("%s: %s".formatted(field, mutation.getKey())));
				}
			}
			BODY_MUTATIONS.forEach((what, body) -> cases.add(anyToken.apply(valid.withBody(body.apply(valid.body())))
					.toCase("body: " + what)));
			cases.add(anyToken.apply(valid.withContentType("text/plain")).toCase("content type text/plain"));
			cases.add(anyToken.apply(valid.withContentType("application/xml")).toCase("content type application/xml"));
			cases.add(anyToken.apply(valid.withContentType(null)).toCase("no content type"));
		} else if (!operation.method().equals("GET")) {
			cases.add(anyToken.apply(valid.withBody("{\"unexpected\": true}".getBytes(StandardCharsets.UTF_8)))
					.toCase("a body where none is expected"));
		}

		cases.add(anyToken.apply(valid.withHeader("Accept", "application/xml")).toCase("Accept application/xml"));
		cases.add(anyToken.apply(valid.withHeader("Authorization", "Basic Zm9vOmJhcg==")).toCase("Basic auth"));
		cases.add(anyToken.apply(valid.withHeader("Authorization", "Bearer " + "A".repeat(6000)))
				.toCase("a 6000-character token"));

		return cases;
	}

	/** Several mutations at once, chosen at random. */
	private Case randomCase(Operation operation, Random random) {

		var request = Request.valid(operation, random).withToken(pick(List.copyOf(tokens.keySet()), random));
		var what = new ArrayList<String>();

		for (var parameter : operation.parameters()) {
			if (random.nextInt(3) == 0) {
				var values = hostileParameterValues(parameter);
				var value = values.get(random.nextInt(values.size()));
				request = request.withParameter(parameter.path("name").asText(), value);
				what.add(parameter.path("name").asText() + "=" + abbreviate(value));
			}
		}

		if (operation.bodySchema() != null) {
			var body = request.body().deepCopy();
			var fields = fieldsOf(body, "");
			var mutations = List.copyOf(FIELD_MUTATIONS.entrySet());
			for (int i = 0, n = 1 + random.nextInt(3); i < n && !fields.isEmpty(); i++) {
				var field = pick(fields, random);
				var mutation = pick(mutations, random);
				if (fieldsOf(body, "").contains(field)) {
					mutation.getValue().apply(body, field, random, schemaAt(operation.bodySchema(), field));
					what.add(field + ": " + mutation.getKey());
				}
			}
			request = request.withBody(bytes(body));
		}

		return request.toCase("random " + String.join(", ", what));
	}

	/** Values for a path, query or header parameter: malformed ids, bad paging values, hostile strings. */
	private List<String> hostileParameterValues(JsonNode parameter) {

		var values = new ArrayList<>(List.of("", "-1", "0", "2147483648", "99999999999999999999999", "1e400", "1.5",
				"NaN", "abc", "not-a-uuid", "00000000-0000-0000-0000-00000000000g", "%00", "%01%1F%7F", "%FF%FE",
				"%C3%28", "%ED%A0%80", "..%2F..%2Fetc%2Fpasswd", "%25", "a".repeat(5000), "%E2%80%AE%F0%9F%92%A9",
				"%27%20OR%20%271%27%3D%271", "PT-1S", "P99999999999999D"));
		var schema = resolve(parameter.path("schema"));
		schema.path("enum").forEach(it -> values.add(it.asText().toLowerCase(Locale.ROOT) + "x"));
		values.add(UUID.randomUUID().toString());

		return values;
	}

	// --- field and body mutations

	interface FieldMutation {
		void apply(JsonNode body, String field, Random random, JsonNode schema);
	}

	static final Map<String, FieldMutation> FIELD_MUTATIONS = new LinkedHashMap<>();

	static {
		FIELD_MUTATIONS.put("missing", (body, field, random, schema) -> remove(body, field));
		FIELD_MUTATIONS.put("null", (body, field, random, schema) -> set(body, field, NODES.nullNode()));
		FIELD_MUTATIONS.put("a string", (body, field, random, schema) -> set(body, field, NODES.textNode("x")));
		FIELD_MUTATIONS.put("a number", (body, field, random, schema) -> set(body, field, NODES.numberNode(7)));
		FIELD_MUTATIONS.put("a boolean", (body, field, random, schema) -> set(body, field, NODES.booleanNode(true)));
		FIELD_MUTATIONS.put("an object", (body, field, random, schema) -> set(body, field, NODES.objectNode()
				.put("x", 1)));
		FIELD_MUTATIONS.put("an array", (body, field, random, schema) -> set(body, field, NODES.arrayNode()
				.add("x").add(1)));
		FIELD_MUTATIONS.put("an empty array", (body, field, random, schema) -> set(body, field, NODES.arrayNode()));
		FIELD_MUTATIONS.put("a huge number", (body, field, random, schema) -> set(body, field,
				NODES.numberNode(new java.math.BigDecimal("1e100000"))));
		FIELD_MUTATIONS.put("a huge integer", (body, field, random, schema) -> set(body, field,
				NODES.numberNode(new java.math.BigInteger("9".repeat(400)))));
		FIELD_MUTATIONS.put("just over int", (body, field, random, schema) -> set(body, field,
				NODES.numberNode(2_147_483_648L)));
		FIELD_MUTATIONS.put("-1", (body, field, random, schema) -> set(body, field, NODES.numberNode(-1)));
		FIELD_MUTATIONS.put("min int", (body, field, random, schema) -> set(body, field,
				NODES.numberNode(Integer.MIN_VALUE)));
		FIELD_MUTATIONS.put("a tiny fraction", (body, field, random, schema) -> set(body, field,
				NODES.numberNode(new java.math.BigDecimal("1e-100000"))));
		FIELD_MUTATIONS.put("an empty string", (body, field, random, schema) -> set(body, field, NODES.textNode("")));
		FIELD_MUTATIONS.put("blank", (body, field, random, schema) -> set(body, field, NODES.textNode(" \t\n")));
		FIELD_MUTATIONS.put("a long string", (body, field, random, schema) -> set(body, field,
				NODES.textNode("é".repeat(20_000))));
		FIELD_MUTATIONS.put("NUL", (body, field, random, schema) -> set(body, field, NODES.textNode("a\u0000b")));
		FIELD_MUTATIONS.put("control characters", (body, field, random, schema) -> set(body, field,
				NODES.textNode("a\u0001\u001b[31m\u007f\r\nb")));
		FIELD_MUTATIONS.put("a lone surrogate", (body, field, random, schema) -> set(body, field,
				NODES.textNode("a\ud800b")));
		FIELD_MUTATIONS.put("right-to-left override and emoji", (body, field, random, schema) -> set(body, field,
				NODES.textNode("\u202egnp.exe\ud83d\udca9")));
		FIELD_MUTATIONS.put("an unknown enum value", (body, field, random, schema) -> set(body, field,
				NODES.textNode(schema.has("enum") ? schema.path("enum").path(0).asText() + "_UNKNOWN" : "UNKNOWN")));
		FIELD_MUTATIONS.put("a malformed id", (body, field, random, schema) -> set(body, field,
				NODES.textNode("00000000-0000-0000-0000-00000000000g")));
		FIELD_MUTATIONS.put("an injection", (body, field, random, schema) -> set(body, field,
				NODES.textNode("'; DROP TABLE users.accounts; --<script>alert(1)</script>${7*7}")));
		FIELD_MUTATIONS.put("an extra field beside it", (body, field, random, schema) -> {
			var parent = parentOf(body, field);
			if (parent instanceof ObjectNode object) {
				object.put("roles", "ADMIN").put("id", UUID.randomUUID().toString()).put("__proto__", 1);
			}
		});
	}

	static final Map<String, java.util.function.Function<JsonNode, byte[]>> BODY_MUTATIONS = new LinkedHashMap<>();

	static {
		BODY_MUTATIONS.put("empty", body -> new byte[0]);
		BODY_MUTATIONS.put("null", body -> utf8("null"));
		BODY_MUTATIONS.put("an array", body -> utf8("[" + body + "]"));
		BODY_MUTATIONS.put("a string", body -> utf8("\"text\""));
		BODY_MUTATIONS.put("a number", body -> utf8("1e100000"));
		BODY_MUTATIONS.put("not JSON", body -> utf8("email=a&password=b"));
		BODY_MUTATIONS.put("truncated", body -> {
			var text = body.toString();
			return utf8(text.substring(0, Math.max(1, text.length() / 2)));
		});
		BODY_MUTATIONS.put("invalid UTF-8", body -> {
			var out = new ByteArrayOutputStream();
			var text = body.toString();
			var quote = text.indexOf(":\"");
			out.writeBytes(utf8(quote < 0 ? "{\"x\":\"" : text.substring(0, quote + 2)));
			out.writeBytes(new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80 });
			out.writeBytes(utf8(quote < 0 ? "\"}" : text.substring(quote + 2)));
			return out.toByteArray();
		});
		BODY_MUTATIONS.put("a UTF-16 body", body -> body.toString().getBytes(StandardCharsets.UTF_16));
		BODY_MUTATIONS.put("deeply nested", body -> utf8("[".repeat(5000) + "]".repeat(5000)));
		BODY_MUTATIONS.put("duplicate keys", body -> {
			var text = body.toString();
			return utf8(text.length() > 2 ? text.substring(0, text.length() - 1) + "," + text.substring(1) : text);
		});
		BODY_MUTATIONS.put("over 64 KiB", body -> utf8("{\"x\": \"" + "a".repeat(70_000) + "\"}"));
		BODY_MUTATIONS.put("a comment", body -> utf8("/* hi */ " + body));
		BODY_MUTATIONS.put("trailing garbage", body -> utf8(body + " {}"));
		BODY_MUTATIONS.put("a NUL escape in a key", body -> utf8("{\"a\\u0000\": 1}"));
	}

	// --- a request under construction

	/** A request that is valid by the description, to be broken one piece at a time. */
	record Request(Operation operation, Map<String, String> parameters, JsonNode body, byte[] rawBody,
			String contentType, Map<String, String> headers, String token) {

		static Request valid(Operation operation, Random random) {

			var parameters = new LinkedHashMap<String, String>();
			for (var parameter : operation.parameters()) {
				var in = parameter.path("in").asText();
				var schema = resolve(parameter.path("schema"));
				if (in.equals("path") || parameter.path("required").asBoolean()) {
					parameters.put(parameter.path("name").asText(),
							URLEncoder.encode(validValue(schema, parameter.path("name").asText(), random).asText(),
									StandardCharsets.UTF_8));
				}
			}
			var body = operation.bodySchema() == null ? null : validBody(operation.bodySchema(), random);

			return new Request(operation, parameters, body, body == null ? null : bytes(body),
					body == null ? null : "application/json", new LinkedHashMap<>(), "anonymous");
		}

		Request withParameter(String name, String value) {
			var changed = new LinkedHashMap<>(parameters);
			changed.put(name, value);
			return new Request(operation, changed, body, rawBody, contentType, headers, token);
		}

		Request withBody(byte[] raw) {
			return new Request(operation, parameters, body, raw, contentType == null ? "application/json" : contentType,
					headers, token);
		}

		Request withContentType(String type) {
			return new Request(operation, parameters, body, rawBody, type, headers, token);
		}

		Request withHeader(String name, String value) {
			var changed = new LinkedHashMap<>(headers);
			changed.put(name, value);
			return new Request(operation, parameters, body, rawBody, contentType, changed, token);
		}

		Request withToken(String name) {
			return new Request(operation, parameters, body, rawBody, contentType, headers, name);
		}

		Case as(String token, String what) {
			return withToken(token).toCase(what);
		}

		Case toCase(String what) {

			var path = operation.path();
			var query = new ArrayList<String>();
			var headers = new LinkedHashMap<>(this.headers);

			for (var parameter : operation.parameters()) {
				var name = parameter.path("name").asText();
				var value = parameters.get(name);
				if (value == null) {
					continue;
				}
				switch (parameter.path("in").asText()) {
					case "path" -> path = path.replace("{" + name + "}", value.isEmpty() ? "%20" : value);
					case "query" -> query.add(name + "=" + value);
					case "header" -> headers.put(name, headerSafe(value));
					default -> {}
				}
			}
			if (contentType != null) {
				headers.putIfAbsent("Content-Type", contentType);
			}

			return new Case(token, what, operation.method(),
					path + (query.isEmpty() ? "" : "?" + String.join("&", query)), headers, rawBody);
		}

		/** HTTP headers carry no CR, LF or NUL; the JDK client refuses them, so they are sent percent-encoded. */
		private static String headerSafe(String value) {
			return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? value
					: URLEncoder.encode(value, StandardCharsets.UTF_8);
		}
	}

	// --- sending

	record Response(int statusCode, java.net.http.HttpHeaders headers, String body) {}

	private Response send(String method, String rawPathAndQuery, Map<String, String> headers, byte[] body)
			throws Exception {

		var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + rawPathAndQuery))
				.timeout(Duration.ofSeconds(20))
				.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
		headers.forEach((name, value) -> {
			if (value != null) {
				builder.header(name, value);
			}
		});
		var response = http.send(builder.build(), BodyHandlers.ofString());

		return new Response(response.statusCode(), response.headers(), response.body());
	}

	private String token(String email, String password) throws Exception {

		var response = send("POST", "/api/auth/token", json(), """
				{"email": "%s", "password": "%s"}""".formatted(email, password).getBytes(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

		return JSON.readTree(response.body()).path("access_token").asText();
	}

	private static Map<String, String> json() {
		return Map.of("Content-Type", "application/json");
	}

	// --- reading the description

	private static List<Operation> operations(JsonNode api) {

		var operations = new ArrayList<Operation>();

		api.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {

			var method = entry.getKey().toUpperCase(Locale.ROOT);
			if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
				return;
			}
			var operation = entry.getValue();
			var parameters = new ArrayList<JsonNode>();
			path.getValue().path("parameters").forEach(it -> parameters.add(resolveIn(api, it)));
			operation.path("parameters").forEach(it -> parameters.add(resolveIn(api, it)));
			var body = operation.path("requestBody").path("content").path("application/json").path("schema");
			var security = operation.path("security");

			operations.add(new Operation(method, path.getKey(), operation.path("operationId").asText(), operation,
					parameters, body.isMissingNode() ? null : resolveIn(api, body),
					security.isArray() && !security.isEmpty()));
		}));

		return operations;
	}

	/** The served description, read once: schemas refer to its components. */
	private static JsonNode served;

	private static JsonNode resolve(JsonNode node) {
		return resolveIn(served, node);
	}

	private static JsonNode resolveIn(JsonNode api, JsonNode node) {

		var reference = node.path("$ref").asText(null);
		if (reference == null) {
			return node;
		}
		var target = api;
		for (var part : reference.substring(2).split("/")) {
			target = target.path(part);
		}

		return resolveIn(api, target);
	}

	private static JsonNode validBody(JsonNode schema, Random random) {

		var example = schema.path("example");
		if (example.isTextual()) {
			try {
				return JSON.readTree(example.asText());
			} catch (Exception notJson) {
				// generated below
			}
		} else if (example.isObject()) {
			return example.deepCopy();
		}

		return validValue(schema, "body", random);
	}

	/** A value that fits the schema. */
	private static JsonNode validValue(JsonNode schemaOrReference, String name, Random random) {

		var schema = resolve(schemaOrReference);

		if (schema.has("example") && !schema.path("example").isNull() && !schema.path("example").isTextual()) {
			return schema.path("example").deepCopy();
		}
		if (schema.has("enum")) {
			return schema.path("enum").path(0).deepCopy();
		}

		return switch (schema.path("type").asText("object")) {
			case "object" -> {
				var object = NODES.objectNode();
				schema.path("properties").properties()
						.forEach(it -> object.set(it.getKey(), validValue(it.getValue(), it.getKey(), random)));
				yield object;
			}
			case "array" -> NODES.arrayNode().add(validValue(schema.path("items"), name, random));
			case "integer" -> NODES.numberNode(1);
			case "number" -> NODES.numberNode(new java.math.BigDecimal("1.50"));
			case "boolean" -> NODES.booleanNode(true);
			default -> NODES.textNode(switch (schema.path("format").asText("")) {
				case "uuid" -> UUID.randomUUID().toString();
				case "email" -> uniqueEmail("fuzz");
				case "date-time" -> "2026-01-01T00:00:00Z";
				default -> name.toLowerCase(Locale.ROOT).contains("email") ? uniqueEmail("fuzz")
						: name.equals("currency") ? "EUR"
						: "fuzz-" + Long.toHexString(random.nextLong());
			});
		};
	}

	/** The schema of the field at the given path ("a.b.0.c"), or an empty one. */
	private static JsonNode schemaAt(JsonNode schema, String field) {

		var at = resolve(schema);
		for (var part : field.split("\\.")) {
			if (part.isEmpty()) {
				continue;
			}
			at = part.chars().allMatch(Character::isDigit) ? resolve(at.path("items"))
					: resolve(at.path("properties").path(part));
		}

		return at;
	}

	// --- JSON paths of a body: "email", "price.amount", "lines.0.sku"

	private static List<String> fieldsOf(JsonNode node, String prefix) {

		var fields = new ArrayList<String>();

		if (node instanceof ObjectNode object) {
			object.properties().forEach(it -> {
				var path = prefix + it.getKey();
				fields.add(path);
				fields.addAll(fieldsOf(it.getValue(), path + "."));
			});
		} else if (node instanceof ArrayNode array && !array.isEmpty()) {
			fields.add(prefix + "0");
			fields.addAll(fieldsOf(array.get(0), prefix + "0."));
		}

		return fields;
	}

	private static JsonNode parentOf(JsonNode body, String field) {

		var parts = field.split("\\.");
		var node = body;
		for (int i = 0; i < parts.length - 1 && node != null; i++) {
			node = node.isArray() ? node.get(Integer.parseInt(parts[i])) : node.get(parts[i]);
		}

		return node;
	}

	private static void set(JsonNode body, String field, JsonNode value) {

		var parent = parentOf(body, field);
		var last = field.substring(field.lastIndexOf('.') + 1);
		if (parent instanceof ObjectNode object) {
			object.set(last, value);
		} else if (parent instanceof ArrayNode array) {
			array.set(Integer.parseInt(last), value);
		}
	}

	private static void remove(JsonNode body, String field) {

		var parent = parentOf(body, field);
		var last = field.substring(field.lastIndexOf('.') + 1);
		if (parent instanceof ObjectNode object) {
			object.remove(last);
		} else if (parent instanceof ArrayNode array) {
			array.remove(Integer.parseInt(last));
		}
	}

	private static byte[] bytes(JsonNode body) {
		return utf8(body.toString());
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static <T> T pick(List<T> values, Random random) {
		return values.get(random.nextInt(values.size()));
	}

	private static String abbreviate(String text) {
		return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
	}
}
