package dev.cfg.grpc.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.demo.api.products.GetProductRequest;
import dev.cfg.grpc.demo.api.products.Product;
import dev.cfg.grpc.demo.api.products.ProductServiceGrpc;
import dev.cfg.grpc.demo.api.products.SearchProductsRequest;
import dev.cfg.grpc.demo.api.users.GetUserRequest;
import dev.cfg.grpc.demo.api.users.User;
import dev.cfg.grpc.demo.api.users.UserServiceGrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a client of the demo sees, checked against the database it runs on. Each database has a
 * subclass that points the demo at it.
 */
abstract class DemoQueriesContract {

	@Autowired
	private GrpcServerLifecycle server;

	@Autowired
	private JdbcTemplate jdbc;

	private ManagedChannel channel;

	@BeforeEach
	void connect() {
		this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", this.server.getPort()).usePlaintext().build();
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void getUserReturnsTheSeededUser() {
		User user = users().getUser(GetUserRequest.newBuilder().setUserId(1).build());
		assertThat(user.getId()).isEqualTo(1);
		assertThat(user.getUsername()).isEqualTo("admin");
		assertThat(user.getEmail()).isEqualTo("admin@example.com");
		assertThat(user.getBio()).isEqualTo("Runs the demo shop.");
	}

	@Test
	void getUserOfAnUnknownIdIsNotFound() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> users().getUser(GetUserRequest.newBuilder().setUserId(9999).build()))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
				assertThat(ex.getStatus().getDescription()).isEqualTo("User not found");
			});
	}

	@Test
	void getProductReturnsItsFieldsAndUnknownIdsAreNotFound() {
		Product product = products().getProduct(GetProductRequest.newBuilder().setId(2).build());
		assertThat(product.getName()).isEqualTo("The Java Handbook");
		assertThat(product.getCategory()).isEqualTo("books");
		assertThat(product.getPrice()).isEqualTo("12.00");
		assertThat(product.getActive()).isTrue();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> products().getProduct(GetProductRequest.newBuilder().setId(9999).build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getDescription()).isEqualTo("Product not found"));
	}

	@Test
	void seedHasAtLeastFiftyProductsInThreeCategories() {
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM demo_product", Integer.class)).isGreaterThanOrEqualTo(50);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(DISTINCT category) FROM demo_product", Integer.class))
			.isGreaterThanOrEqualTo(3);
	}

	@Test
	void searchProductsStreamsOnlyActiveProductsOfTheCategoryUpToMaxPrice() {
		List<Product> found = search("garden", "20");
		List<Long> expected = this.jdbc.queryForList(
				"SELECT id FROM demo_product WHERE active = TRUE AND category = 'garden' AND price <= 20 ORDER BY id",
				Long.class);
		assertThat(expected).hasSizeGreaterThan(2);
		assertThat(found).extracting(Product::getId).containsExactlyElementsOf(expected);
		assertThat(found).allSatisfy((product) -> {
			assertThat(product.getCategory()).isEqualTo("garden");
			assertThat(new BigDecimal(product.getPrice())).isLessThanOrEqualTo(new BigDecimal("20"));
			assertThat(product.getActive()).isTrue();
		});
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM demo_product WHERE active = FALSE AND category = 'garden' AND price <= 20",
				Integer.class))
			.as("the seed has inactive garden products the search must leave out")
			.isPositive();
	}

	@Test
	void searchProductsWithoutFiltersStreamsEveryActiveProduct() {
		assertThat(search("", "")).hasSize(
				this.jdbc.queryForObject("SELECT COUNT(*) FROM demo_product WHERE active = TRUE", Integer.class));
		assertThat(search("no such category", "")).isEmpty();
	}

	@Test
	void searchProductsRejectsAMaxPriceThatIsNotADecimal() {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> search("books", "cheap"))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
				assertThat(ex.getStatus().getDescription()).contains("max_price");
			});
	}

	private List<Product> search(String category, String maxPrice) {
		List<Product> found = new ArrayList<>();
		products().searchProducts(
				SearchProductsRequest.newBuilder().setCategory(category).setMaxPrice(maxPrice).build())
			.forEachRemaining(found::add);
		return found;
	}

	private UserServiceGrpc.UserServiceBlockingStub users() {
		return UserServiceGrpc.newBlockingStub(this.channel).withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	private ProductServiceGrpc.ProductServiceBlockingStub products() {
		return ProductServiceGrpc.newBlockingStub(this.channel).withDeadlineAfter(10, TimeUnit.SECONDS);
	}

}
