package com.modularshop.infrastructure.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Problem details for framework errors in every context that has Spring MVC, module tests included.
 */
@AutoConfiguration
@Import(ProblemDetailsAdvice.class)
public class WebAutoConfiguration {}
