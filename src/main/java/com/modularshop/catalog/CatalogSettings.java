package com.modularshop.catalog;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shop sells in one currency; prices in any other are refused.
 *
 * @param currency ISO 4217 code of the shop currency
 */
@ConfigurationProperties("shop.catalog")
record CatalogSettings(@DefaultValue("EUR") String currency) {}
