package com.modularshop.infrastructure.web;

import static com.modularshop.infrastructure.web.OpenApiAutoConfiguration.*;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * What holds for every operation of the API alike, applied after the controllers' own documentation:
 * <ul>
 * <li>every error answer is a problem document of the one {@code ProblemDetail} schema;</li>
 * <li>an operation that needs a token can answer 401, one that needs the ADMIN role (declared as the scope of its
 * bearer requirement, written as {@code x-required-roles} for OpenAPI 3.0) 403, one with a request body 400
 * (malformed JSON or invalid fields), one with path parameters 400 (a malformed one); an operation without a
 * security requirement is explicitly public;</li>
 * <li>paging parameters are the shared {@code page} and {@code size} parameters;</li>
 * <li>the event publication registry's operations are documented here, since that package is maintained apart.</li>
 * </ul>
 */
class ApiDescriptionConventions implements OpenApiCustomizer {

	/** The problem types the modules answer with, below {@link OpenApiAutoConfiguration#PROBLEMS}. */
	static final List<String> PROBLEM_TYPES = List.of("invalid-email", "email-taken", "invalid-credentials",
			"account-locked", "account-not-found", "invalid-sku", "invalid-price", "product-not-found", "sku-taken",
			"currency-not-supported", "insufficient-stock", "product-delisted", "order-not-found",
			"order-not-cancellable", "product-not-for-sale", "customer-deactivated", "idempotency-key-reused",
			"invalid-idempotency-key", "invalid-password", "too-many-registrations", "mixed-currencies",
			"nul-character", "request-too-large", "overloaded", "notification-not-found", "notification-not-failed",
			"order-not-closed", "stock-released-already", "publication-not-found",
			"invalid-publication-filter", "unauthenticated", "access-denied", "concurrent-modification",
			"invalid-duration");

	static final String ADMIN = "ADMIN";

	@Override
	public void customise(OpenAPI openApi) {


		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			sharePagingParameters(operation);
			addCommonErrors(operation);
			addEdgeErrors(path, method, operation);
			describeErrorsAsProblems(operation.getResponses());
		}));

		// springdoc's schema for a Spring Data Pageable argument, replaced by the shared parameters above
		openApi.getComponents().getSchemas().remove("Pageable");
		// added here: springdoc drops component schemas that no controller refers to before customizers run
		openApi.getComponents().getSchemas().put(PROBLEM, problemSchema());
	}

	private static void sharePagingParameters(Operation operation) {

		if (operation.getParameters() == null) {
			return;
		}

		var parameters = new ArrayList<Parameter>();

		for (var parameter : operation.getParameters()) {
			var pageable = parameter.getSchema() != null
					&& "#/components/schemas/Pageable".equals(parameter.getSchema().get$ref());
			if (pageable || "query".equals(parameter.getIn()) && "page".equals(parameter.getName())) {
				parameters.add(new Parameter().$ref("#/components/parameters/page"));
			}
			if (pageable || "query".equals(parameter.getIn()) && "size".equals(parameter.getName())) {
				parameters.add(new Parameter().$ref("#/components/parameters/size"));
			}
			if (!pageable && !("query".equals(parameter.getIn())
					&& ("page".equals(parameter.getName()) || "size".equals(parameter.getName())))) {
				parameters.add(parameter);
			}
		}

		operation.setParameters(parameters);
	}

	private static void addCommonErrors(Operation operation) {

		var responses = operation.getResponses();

		if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
			operation.setSecurity(List.of()); // public: no token needed
		} else {
			responses.computeIfAbsent("401", it -> new ApiResponse()
					.description("No valid bearer token (missing, expired, forged or of a deactivated account): "
							+ "`unauthenticated`."));
			var admin = operation.getSecurity().stream()
					.anyMatch(it -> it.getOrDefault(BEARER, List.of()).contains(ADMIN));
			if (admin) {
				// OpenAPI 3.0 allows scopes for OAuth2 schemes only: the role goes into an extension and the text
				operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
				operation.addExtension("x-required-roles", List.of(ADMIN));
				operation.setDescription("**Administrators only.** " + operation.getDescription());
				responses.computeIfAbsent("403", it -> new ApiResponse()
						.description("The token lacks the ADMIN role (`access-denied`)."));
			}
		}

		if (operation.getRequestBody() != null) {
			responses.computeIfAbsent("400", it -> new ApiResponse()
					.description("Malformed JSON or invalid fields (listed in `errors`)."));
		}
		if (operation.getParameters() != null
				&& operation.getParameters().stream().anyMatch(it -> "path".equals(it.getIn()))) {
			responses.computeIfAbsent("400", it -> new ApiResponse()
					.description("A malformed path parameter, such as an id that is not a UUID."));
		}

		// numeric order reads better than insertion order
		var sorted = new ApiResponses();
		new TreeMap<>(responses).forEach(sorted::addApiResponse);
		operation.setResponses(sorted);
	}

	/**
	 * What the filters in front of every controller answer: a NUL character anywhere in the request (400), a body
	 * over the size limit (413), and a write while the listeners are behind on messages (503, see the registry's
	 * ingest back-pressure).
	 */
	private static void addEdgeErrors(String path, PathItem.HttpMethod method, Operation operation) {

		var responses = operation.getResponses();

		responses.computeIfAbsent("400", it -> new ApiResponse()
				.description("A NUL character in the path, a parameter or a header (`nul-character`)."));

		if (operation.getRequestBody() != null) {
			responses.computeIfAbsent("413", it -> new ApiResponse()
					.description("The body is larger than `shop.web.max-request-body` (`request-too-large`)."));
		}

		if (path.startsWith("/api/") && method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD) {
			responses.computeIfAbsent("503", it -> new ApiResponse()
					.description("The shop is behind on messages between its modules; retry after `Retry-After` "
							+ "seconds (`overloaded`).")
					.addHeaderObject("Retry-After", new io.swagger.v3.oas.models.headers.Header()
							.description("Seconds to wait before retrying.").required(true)
							.schema(new IntegerSchema())));
		}

		var sorted = new ApiResponses();
		new TreeMap<>(responses).forEach(sorted::addApiResponse);
		operation.setResponses(sorted);
	}

	private static void describeErrorsAsProblems(ApiResponses responses) {

		responses.forEach((status, response) -> {
			if (response.getContent() != null && response.getContent().isEmpty()) {
				response.setContent(null); // documented as answered without a body, see documentEmpty404
			} else if (status.startsWith("4") || status.startsWith("5")) {
				// springdoc gives an annotated error response the handler's return type; the truth is a problem
				response.setContent(problemContent());
			}
		});
	}
}
