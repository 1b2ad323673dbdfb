/**
 * Products, prices, categories and stock. A leaf module: it reserves and releases stock when asked through its
 * {@link com.modularshop.catalog.commands} inbox and answers with {@link com.modularshop.catalog.events}.
 */
@ApplicationModule(displayName = "Catalog", allowedDependencies = {})
@NullMarked
package com.modularshop.catalog;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
