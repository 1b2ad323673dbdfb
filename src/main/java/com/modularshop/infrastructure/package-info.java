/**
 * Technical wiring that belongs to no application module (database bootstrap, and later security and error
 * handling). Modules never depend on it; it reaches into modules only through their message packages.
 */
package com.modularshop.infrastructure;
