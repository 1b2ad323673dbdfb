package com.modularshop.infrastructure.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL that starts when no {@code spring.datasource.url} is configured.
 *
 * @param enabled whether to start it at all (when no datasource URL is configured)
 * @param dataDirectory where the cluster lives; relative paths resolve against the working directory
 * @param port the port to listen on (loopback only); {@code 0} picks a free one
 */
@ConfigurationProperties("shop.embedded-database")
record EmbeddedDatabaseSettings(@DefaultValue("true") boolean enabled, @DefaultValue("data/postgres") Path dataDirectory,
		@DefaultValue("0") int port) {}
