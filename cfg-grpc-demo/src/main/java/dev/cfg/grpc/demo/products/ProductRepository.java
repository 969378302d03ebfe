package dev.cfg.grpc.demo.products;

import java.math.BigDecimal;
import java.util.stream.Stream;

import jakarta.persistence.QueryHint;

import org.hibernate.jpa.HibernateHints;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.query.Param;

/** The demo's catalogue. */
public interface ProductRepository extends JpaRepository<CatalogProduct, Long> {

	/**
	 * Active products, filtered by category and highest price when given, read from the database
	 * in batches as the stream is consumed. Must be consumed inside a transaction and closed.
	 */
	@Query("""
			select p from CatalogProduct p
			where p.active = true
			  and (:category is null or p.category = :category)
			  and (:maxPrice is null or p.price <= :maxPrice)
			order by p.id""")
	@QueryHints(@QueryHint(name = HibernateHints.HINT_FETCH_SIZE, value = "50"))
	Stream<CatalogProduct> streamActive(@Param("category") String category, @Param("maxPrice") BigDecimal maxPrice);

}
