package com.modularshop.documentation;

import static org.assertj.core.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The API description served at {@code /v3/api-docs} is committed as {@code docs/api/openapi.json}, the file clients
 * are generated from (the test sources' own client included). This test fails when the committed copy differs from
 * what the application serves; with {@code -Ddocs.update=true} (the {@code docs} Maven profile) it replaces it.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ApiDocumentationTests {

	static final Path COMMITTED = Path.of("docs/api/openapi.json");
	static final Path GENERATED = Path.of("target/generated-docs/api/openapi.json");

	@Autowired MockMvcTester mvc;

	@Test
	void committedApiDescriptionIsCurrent() throws IOException {

		var result = mvc.get().uri("/v3/api-docs").exchange();
		assertThat(result).hasStatusOk();

		// the served document is pretty-printed with sorted keys (application.yml), so it compares as text
		var served = result.getResponse().getContentAsString(StandardCharsets.UTF_8) + "\n";

		Files.createDirectories(GENERATED.getParent());
		Files.writeString(GENERATED, served);

		if (Boolean.getBoolean("docs.update")) {
			Files.createDirectories(COMMITTED.getParent());
			Files.writeString(COMMITTED, served);
			return;
		}

		assertThat(COMMITTED).as("docs/api/openapi.json is missing; generate it with '%s' and commit it",
				ModuleDocumentation.REGENERATE_COMMAND).exists();
		assertThat(Files.readString(COMMITTED))
				.as("docs/api/openapi.json is stale; regenerate it with '%s' and commit the result",
						ModuleDocumentation.REGENERATE_COMMAND)
				.isEqualTo(served);
	}
}
