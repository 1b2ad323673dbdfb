/**
 * The event publication registry as the only queue between modules: publications of module listeners are stored with
 * the business change ({@link com.modularshop.infrastructure.registry.DispatchingEventMulticaster}), claimed from the
 * table and delivered in a transaction that also completes them
 * ({@link com.modularshop.infrastructure.registry.PublicationDispatcher}), supervised, purged, and operated over HTTP.
 * Why it is built this way: docs/performance.md.
 */
@NullMarked
package com.modularshop.infrastructure.registry;

import org.jspecify.annotations.NullMarked;
