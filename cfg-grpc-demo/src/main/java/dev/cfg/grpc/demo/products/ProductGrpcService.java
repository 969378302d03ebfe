package dev.cfg.grpc.demo.products;

import java.math.BigDecimal;
import java.util.stream.Stream;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import jakarta.persistence.EntityManager;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.cfg.grpc.demo.api.products.GetProductRequest;
import dev.cfg.grpc.demo.api.products.Product;
import dev.cfg.grpc.demo.api.products.ProductServiceGrpc;
import dev.cfg.grpc.demo.api.products.SearchProductsRequest;

/** {@code api.products.ProductService}. */
@Service
public class ProductGrpcService extends ProductServiceGrpc.ProductServiceImplBase {

	private final ProductRepository products;

	private final EntityManager entityManager;

	public ProductGrpcService(ProductRepository products, EntityManager entityManager) {
		this.products = products;
		this.entityManager = entityManager;
	}

	@Override
	@Transactional(readOnly = true)
	public void getProduct(GetProductRequest request, StreamObserver<Product> responseObserver) {
		var product = this.products.findById(request.getId())
			.orElseThrow(() -> Status.NOT_FOUND.withDescription("Product not found").asRuntimeException());
		responseObserver.onNext(toMessage(product));
		responseObserver.onCompleted();
	}

	@Override
	@Transactional(readOnly = true)
	public void searchProducts(SearchProductsRequest request, StreamObserver<Product> responseObserver) {
		String category = request.getCategory().isBlank() ? null : request.getCategory().strip();
		BigDecimal maxPrice = parsePrice(request.getMaxPrice());
		try (Stream<CatalogProduct> found = this.products.streamActive(category, maxPrice)) {
			found.forEach((product) -> {
				responseObserver.onNext(toMessage(product));
				// Sent already: keep the persistence context from growing with the result.
				this.entityManager.detach(product);
			});
		}
		responseObserver.onCompleted();
	}

	private static BigDecimal parsePrice(String text) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return new BigDecimal(text.strip());
		}
		catch (NumberFormatException ex) {
			throw Status.INVALID_ARGUMENT.withDescription("max_price must be a decimal number such as \"19.99\"")
				.asRuntimeException();
		}
	}

	static Product toMessage(CatalogProduct product) {
		return Product.newBuilder()
			.setId(product.getId())
			.setName(product.getName())
			.setCategory(product.getCategory())
			.setPrice(product.getPrice().setScale(2).toPlainString())
			.setActive(product.isActive())
			.build();
	}

}
