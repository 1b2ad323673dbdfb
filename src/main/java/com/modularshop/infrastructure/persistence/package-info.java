/**
 * Spring Data JDBC settings every module shares: jMolecules identifiers stored as plain columns.
 */
@NullMarked
package com.modularshop.infrastructure.persistence;

import org.jspecify.annotations.NullMarked;
