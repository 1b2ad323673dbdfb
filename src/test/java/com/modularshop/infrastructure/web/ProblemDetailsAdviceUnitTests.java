package com.modularshop.infrastructure.web;

import static org.assertj.core.api.Assertions.*;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.springframework.dao.OptimisticLockingFailureException;

/** A concurrent change is a problem of its own type, documented in the API description, not {@code about:blank}. */
class ProblemDetailsAdviceUnitTests {

	@Test
	void answersAConcurrentChangeWithATypedConflict() {

		var problem = new ProblemDetailsAdvice()
				.concurrentModification(new OptimisticLockingFailureException("version 3 expected"));

		assertThat(problem.getStatus()).isEqualTo(409);
		assertThat(problem.getType())
				.isEqualTo(URI.create("https://modular-shop.example/problems/concurrent-modification"));
		assertThat(ApiDescriptionConventions.PROBLEM_TYPES).contains("concurrent-modification");
	}
}
