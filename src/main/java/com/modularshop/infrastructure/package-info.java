/**
 * Technical wiring that belongs to no application module: the embedded database, persistence conversions, security,
 * web error handling and API description, the event publication registry, messaging over Kafka, module deployment
 * and tracing, each in its own sub-package and brought in as auto-configuration. Modules never depend on it; it reaches
 * into modules only through their message packages.
 */
@NullMarked
package com.modularshop.infrastructure;

import org.jspecify.annotations.NullMarked;
