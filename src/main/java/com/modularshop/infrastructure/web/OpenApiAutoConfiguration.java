package com.modularshop.infrastructure.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The API description at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}) with the bearer token scheme,
 * so protected endpoints can be tried out with a token from {@code POST /api/auth/token}.
 */
@AutoConfiguration
public class OpenApiAutoConfiguration {

	@Bean
	OpenAPI shopOpenApi() {

		return new OpenAPI()
				.info(new Info().title("modular-shop").description("Users, catalog, orders and notifications"))
				.components(new Components().addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
				.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}
}
