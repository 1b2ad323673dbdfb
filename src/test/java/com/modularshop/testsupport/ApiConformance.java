package com.modularshop.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.ApiOperation;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

import tools.jackson.databind.json.JsonMapper;

/**
 * Checks every response of every MockMvc exchange in the test suite against the OpenAPI description the application
 * itself serves at {@code /v3/api-docs}: the status must be documented for the operation, the content type allowed
 * and the body valid against the documented schema. A mismatch fails the test that made the exchange, naming the
 * operation. Requests are not checked: many tests send invalid requests on purpose, and the answers to those are what
 * must be documented.
 * <p>
 * Registered as a test-only auto-configuration, so every Spring test context with MockMvc gets it and no test can
 * opt out by forgetting it.
 */
@AutoConfiguration
@ConditionalOnClass(MockMvc.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiConformance {

	/** Operations ({@code METHOD /path (operationId)}) whose responses some test checked, across all contexts. */
	static final Set<String> EXERCISED = ConcurrentHashMap.newKeySet();

	/** All operations of the largest description seen, to report the ones no test calls. */
	static final Set<String> DOCUMENTED = Collections.synchronizedSet(new TreeSet<>());

	@Bean
	MockMvcBuilderCustomizer apiConformanceCheck(WebApplicationContext context) {

		// a MockMvc without this check, so fetching the description is not itself checked
		var check = new Check(() -> MockMvcBuilders.webAppContextSetup(context).build()
				.perform(MockMvcRequestBuilders.get("/v3/api-docs"))
				.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));

		return builder -> builder.alwaysDo(result -> check.check(result.getRequest(), result.getResponse()));
	}

	static final class Check {

		private final Callable<String> description;
		private volatile OpenApiInteractionValidator validator;

		Check(Callable<String> description) {
			this.description = description;
		}

		void check(MockHttpServletRequest request, MockHttpServletResponse response) throws Exception {

			if (!request.getRequestURI().startsWith("/api/")) {
				return; // actuator, Swagger UI and the description itself are not part of the API
			}

			var method = Request.Method.valueOf(request.getMethod());
			var report = validator().validateResponse(request.getRequestURI(), method, response(response));

			if (report.hasErrors()) {
				throw new AssertionError("%s %s answered %d, which its OpenAPI description does not allow:%n%s%n%s"
						.formatted(request.getMethod(), request.getRequestURI(), response.getStatus(),
								describe(report), response.getContentAsString(StandardCharsets.UTF_8)));
			}
		}

		private OpenApiInteractionValidator validator() throws Exception {

			if (validator == null) {
				synchronized (this) {
					if (validator == null) {
						var description = this.description.call();
						DOCUMENTED.addAll(operationsOf(description));
						ApiCoverageReport.enable();
						validator = OpenApiInteractionValidator.createForInlineApiSpecification(description)
								.withCustomResponseValidation((response, operation) -> {
									EXERCISED.add(name(operation));
									return ValidationReport.empty();
								})
								.withLevelResolver(LevelResolver.create()
										// the request side is the test's business, see above
										.withLevel("validation.request", ValidationReport.Level.IGNORE)
										.build())
								.build();
					}
				}
			}

			return validator;
		}

		private static SimpleResponse response(MockHttpServletResponse response) throws Exception {

			var builder = SimpleResponse.Builder.status(response.getStatus());

			for (var header : response.getHeaderNames()) {
				builder.withHeader(header, List.copyOf(response.getHeaders(header)));
			}

			var body = response.getContentAsString(StandardCharsets.UTF_8);
			if (!body.isEmpty()) {
				builder.withBody(body);
			}

			return builder.build();
		}

		private static String describe(ValidationReport report) {
			return report.getMessages().stream()
					.filter(it -> it.getLevel() == ValidationReport.Level.ERROR)
					.map(it -> "  - " + it.getContext().flatMap(c -> c.getApiOperation())
							.map(op -> "operation " + op.getOperation().getOperationId() + ": ").orElse("")
							+ it.getMessage())
					.collect(Collectors.joining("\n"));
		}

		private static String name(ApiOperation operation) {
			return operation.getMethod() + " " + operation.getApiPath().original() + " ("
					+ operation.getOperation().getOperationId() + ")";
		}

		private static Set<String> operationsOf(String description) {

			var operations = new TreeSet<String>();
			var paths = JsonMapper.shared().readTree(description).path("paths");

			for (var path : paths.propertyNames()) {
				for (var method : paths.path(path).propertyNames()) {
					var operationId = paths.path(path).path(method).path("operationId").asString();
					operations.add(method.toUpperCase(Locale.ROOT) + " " + path + " (" + operationId + ")");
				}
			}

			return operations;
		}
	}
}
