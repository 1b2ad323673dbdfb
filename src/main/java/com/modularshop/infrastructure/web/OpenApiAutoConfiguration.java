package com.modularshop.infrastructure.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;

import java.math.BigDecimal;
import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;

/**
 * The API description at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}), committed as
 * {@code docs/api/openapi.json}. Controllers document what is particular to an operation (summary, success, the
 * errors of their own domain); {@link ApiDescriptionConventions} adds what holds for every operation alike, so it
 * cannot be forgotten on one of them.
 */
@AutoConfiguration
public class OpenApiAutoConfiguration {

	static final String BEARER = "bearer";
	static final String PROBLEM = "ProblemDetail";
	static final String PROBLEMS = "https://modular-shop.example/problems/";

	@Bean
	OpenAPI shopOpenApi(ObjectProvider<BuildProperties> build) {

		var version = build.getIfAvailable() == null ? "development" : build.getObject().getVersion();

		return new OpenAPI()
				.info(new Info().title("modular-shop").version(version).description("""
						Users, catalog, orders and notifications of the modular-shop monolith. Every client error \
						is an RFC 9457 problem document (`application/problem+json`) whose `type` names the \
						problem. Protected operations need a bearer token from `POST /api/auth/token`; \
						administrator operations need a token of an account with the `ADMIN` role."""))
				// relative, so the description holds wherever the application runs (and stays byte-stable)
				.servers(List.of(new Server().url("/").description("this instance")))
				.tags(List.of(
						new Tag().name("user").description("Accounts, sign-in and profiles (user module)"),
						new Tag().name("catalog").description("Products, prices and stock (catalog module)"),
						new Tag().name("order").description("Orders and their saga (order module)"),
						new Tag().name("notification").description("The caller's inbox (notification module)"),
						new Tag().name("operations")
								.description("Operating the event publication registry (administrators)")))
				.components(new Components()
						.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
								.bearerFormat("JWT").description("A token from `POST /api/auth/token`."))
						.addParameters("page", new Parameter().in("query").name("page")
								.description("Zero-based page number.")
								.schema(new IntegerSchema().format("int32").minimum(BigDecimal.ZERO)
										._default(0)))
						.addParameters("size", new Parameter().in("query").name("size")
								.description("Page size, at most 100.")
								.schema(new IntegerSchema().format("int32").minimum(BigDecimal.ONE)
										.maximum(BigDecimal.valueOf(100))._default(20))));
	}

	@Bean
	OpenApiCustomizer shopApiDescriptionConventions() {
		return new ApiDescriptionConventions();
	}

	@Bean
	NullableRecordComponents nullableRecordComponents() {
		return new NullableRecordComponents();
	}

	/** One schema for every error answer, whatever produced it (module handlers, framework, security). */
	@SuppressWarnings("rawtypes")
	static Schema problemSchema() {

		var fieldError = new ObjectSchema()
				.addProperty("field", new StringSchema().description("The request field, e.g. `lines[0].quantity`."))
				.addProperty("message", new StringSchema());

		return new ObjectSchema()
				.description("""
						An RFC 9457 problem document. Problem types in use (`type`): %s. Framework errors (malformed \
						or invalid requests, unknown paths) have type `about:blank`."""
						.formatted(String.join(", ", ApiDescriptionConventions.PROBLEM_TYPES.stream()
								.map(it -> "`" + PROBLEMS + it + "`").toList())))
				.addProperty("type", new StringSchema().format("uri")._default("about:blank")
						.description("What kind of problem this is; absent means `about:blank`."))
				.addProperty("title", new StringSchema().description("A short summary of the problem type."))
				.addProperty("status", new IntegerSchema().format("int32").description("The HTTP status code."))
				.addProperty("detail", new StringSchema().description("What went wrong with this request."))
				.addProperty("instance", new StringSchema().format("uri-reference")
						.description("The request path."))
				.addProperty("errors", new ArraySchema().items(fieldError)
						.description("The invalid fields of a `400` answer to a request body."))
				.addProperty("skus", new ArraySchema().items(new StringSchema())
						.description("The SKUs of a `product-not-for-sale` problem."))
				.addProperty("currencies", new ObjectSchema().additionalProperties(new StringSchema())
						.description("The currency of each SKU of a `mixed-currencies` problem."))
				.required(List.of("title", "status"));
	}

	static Content problemContent() {
		return new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
	}
}
