package dev.cfg.grpc.demo.products;

import java.math.BigDecimal;
import java.util.stream.Stream;

import io.grpc.stub.StreamObserver;
import jakarta.persistence.EntityManager;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.cfg.grpc.demo.api.products.GetProductRequest;
import dev.cfg.grpc.demo.api.products.Product;
import dev.cfg.grpc.demo.api.products.ProductServiceGrpc;
import dev.cfg.grpc.demo.api.products.SearchProductsRequest;
import dev.cfg.grpc.proto.EntityMessages;
import dev.cfg.grpc.service.ReadOnlyService;

/** {@code api.products.ProductService}: read-only, so cfg-grpc refuses any write it tried. */
@Service
public class ProductGrpcService extends ReadOnlyService implements ProductServiceGrpc.AsyncService {

	private final ProductRepository products;

	private final EntityManager entityManager;

	private final EntityMessages messages;

	public ProductGrpcService(ProductRepository products, EntityManager entityManager, EntityMessages messages) {
		this.products = products;
		this.entityManager = entityManager;
		this.messages = messages;
	}

	@Override
	@Transactional(readOnly = true)
	public void getProduct(GetProductRequest request, StreamObserver<Product> responseObserver) {
		var product = this.products.findById(request.getId()).orElseThrow(() -> abortNotFound("Product not found"));
		responseObserver.onNext(toMessage(product));
		responseObserver.onCompleted();
	}

	@Override
	@Transactional(readOnly = true)
	public void searchProducts(SearchProductsRequest request, StreamObserver<Product> responseObserver) {
		String category = request.getCategory().isBlank() ? null : request.getCategory().strip();
		// Prices are NUMERIC(12, 2): a bound with more digits than that is refused, unread.
		BigDecimal maxPrice = decimalArgument("max_price", request.getMaxPrice(), 12, 2);
		// page_size is 0 to 100, as its buf.validate rule says; 0 means no limit.
		long limit = (request.getPageSize() > 0) ? request.getPageSize() : Long.MAX_VALUE;
		try (Stream<CatalogProduct> found = this.products.streamActive(category, maxPrice)) {
			found.limit(limit).forEach((product) -> {
				responseObserver.onNext(toMessage(product));
				// Sent already: keep the persistence context from growing with the result.
				this.entityManager.detach(product);
			});
		}
		responseObserver.onCompleted();
	}

	/** Field by field by name: id, name, category, price (NUMERIC(12, 2) as "19.99"), active. */
	private Product toMessage(CatalogProduct product) {
		return this.messages.fill(Product.newBuilder(), product).build();
	}

}
