/**
 * An embedded PostgreSQL, started when no {@code spring.datasource.url} is configured, so that {@code java -jar} works
 * on a fresh machine.
 */
@NullMarked
package com.modularshop.infrastructure.database;

import org.jspecify.annotations.NullMarked;
