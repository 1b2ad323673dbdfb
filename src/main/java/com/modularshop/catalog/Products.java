package com.modularshop.catalog;

import org.springframework.data.repository.CrudRepository;

interface Products extends CrudRepository<Product, Sku> {}
